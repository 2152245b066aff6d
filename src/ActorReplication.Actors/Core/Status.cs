namespace ActorReplication.Actors;

/// <summary>Outcome messages used by PipeTo and Ask: a failure reply fails the asker's task.</summary>
public static class Status
{
    public sealed record Success(object? Value);

    public sealed record Failure(Exception Cause);
}
