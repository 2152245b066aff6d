using Microsoft.Extensions.Logging;

namespace ActorReplication.Actors;

/// <summary>Applies the directive to every child: siblings that depend on each other fail together.</summary>
public sealed class AllForOneStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive>? decider)
    : SupervisorStrategy(maxNrOfRetries, withinTimeRange, decider)
{
    public AllForOneStrategy(Func<Exception, Directive> decider) : this(-1, null, decider) { }

    public override bool AppliesToAllChildren => true;
}
