using Microsoft.Extensions.Logging;

namespace ActorReplication.Actors;

/// <summary>Decides what happens to a failed child (and, for all-for-one, to its siblings).</summary>
public abstract class SupervisorStrategy
{
    protected SupervisorStrategy(int maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive>? decider)
    {
        MaxNrOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        Decider = decider ?? DefaultDecider;
    }

    /// <summary>Restarts allowed within <see cref="WithinTimeRange"/>; negative means unlimited. Past it the child is stopped.</summary>
    public int MaxNrOfRetries { get; }

    public TimeSpan? WithinTimeRange { get; }

    public Func<Exception, Directive> Decider { get; }

    public abstract bool AppliesToAllChildren { get; }

    /// <summary>Stop on initialization failure, Kill and death pacts; restart on anything else.</summary>
    public static Directive DefaultDecider(Exception cause) => cause switch
    {
        ActorInitializationException => Directive.Stop,
        ActorKilledException => Directive.Stop,
        DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    public static SupervisorStrategy DefaultStrategy { get; } = new OneForOneStrategy(-1, null, DefaultDecider);

    /// <summary>A strategy that stops any failing child.</summary>
    public static SupervisorStrategy StoppingStrategy { get; } = new OneForOneStrategy(-1, null, _ => Directive.Stop);

    internal Directive Decide(Exception cause, ChildRestartStats stats, TimeSpan now)
    {
        var directive = Decider(cause);
        if (directive == Directive.Restart && !stats.RequestRestartPermission(MaxNrOfRetries, WithinTimeRange, now))
            return Directive.Stop;
        return directive;
    }

    internal virtual void LogFailure(ILogger log, IActorRef child, Exception cause, Directive directive)
    {
        switch (directive)
        {
            case Directive.Resume:
                log.LogWarning(cause, "{Child} failed ({Reason}); resuming", child, cause.Message);
                break;
            case Directive.Escalate:
                break;
            default:
                log.LogError(cause, "{Child} failed ({Reason}); {Directive}", child, cause.Message, directive);
                break;
        }
    }
}
