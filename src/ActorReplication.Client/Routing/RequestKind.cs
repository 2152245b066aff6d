namespace ActorReplication.Client.Routing;

/// <summary>What a command does, for routing (reads may go to replicas) and for what may be retried.</summary>
public enum RequestKind
{
    Read,
    Write,
}
