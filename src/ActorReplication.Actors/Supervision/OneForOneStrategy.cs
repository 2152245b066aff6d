using Microsoft.Extensions.Logging;

namespace ActorReplication.Actors;

/// <summary>Applies the directive to the failed child only.</summary>
public sealed class OneForOneStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive>? decider)
    : SupervisorStrategy(maxNrOfRetries, withinTimeRange, decider)
{
    public OneForOneStrategy(Func<Exception, Directive> decider) : this(-1, null, decider) { }

    public override bool AppliesToAllChildren => false;
}
