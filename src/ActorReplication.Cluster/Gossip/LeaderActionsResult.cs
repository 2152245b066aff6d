using System.Collections.Immutable;

namespace ActorReplication.Cluster;

/// <summary>What one round of leader actions did; <see cref="Gossip"/> is the input unchanged when nothing did.</summary>
public sealed record LeaderActionsResult(Gossip Gossip, ImmutableArray<Member> Upped, ImmutableArray<Member> Exited, ImmutableArray<Member> Removed)
{
    public bool Changed => !Upped.IsEmpty || !Exited.IsEmpty || !Removed.IsEmpty;

    public static LeaderActionsResult Unchanged(Gossip gossip) => new(gossip, [], [], []);
}
