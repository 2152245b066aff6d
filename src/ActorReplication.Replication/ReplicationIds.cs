namespace ActorReplication.Replication;

/// <summary>
/// Which histories a node can continue: its own <paramref name="ReplId"/>, and <paramref name="ReplId2"/> (the master
/// it followed before a promotion) up to and including <paramref name="SecondReplOffset"/> - 1 (Redis's
/// second_repl_offset is the first offset that belongs to the new id only; -1 when there is no replid2).
/// </summary>
public sealed record ReplicationIds(string ReplId, string ReplId2, long SecondReplOffset)
{
    public static ReplicationIds Fresh() => new(Replication.ReplId.New(), Replication.ReplId.None, -1);

    /// <summary>Redis shiftReplicationId: the current id becomes replid2, valid for offsets up to <paramref name="masterReplOffset"/>.</summary>
    public ReplicationIds Shift(long masterReplOffset, string? newReplId = null) =>
        new(newReplId ?? Replication.ReplId.New(), ReplId, masterReplOffset + 1);

    /// <summary>Redis changeReplicationId + clearReplicationId2: a new history with nothing to continue.</summary>
    public static ReplicationIds Rotate() => Fresh();
}
