namespace ActorReplication.Replication.Replica;

/// <summary>
/// Seed 004's hazard: a master restarted without its data offers its replicas a full sync of an empty dataset, and
/// each would wipe itself to match. A replica refuses when both hold: the offered history is new and no longer than the
/// one it follows (another replid, an offset not above its own: the master started over) and the offered dataset is empty
/// or under a tenth of its own. Either alone is normal (a promoted sibling, a master that deleted keys).
/// <c>replica-accept-empty-master yes</c> or <c>REPLICAOF host port FORCE</c> turns it off.
/// </summary>
public static class EmptyMasterGuard
{
    /// <summary>Whether the offered history starts over (another replid, not past our offset): worth counting the local keys before swapping the dataset in.</summary>
    public static bool IsNewShorterHistory(string? replId, long offset, string masterReplId, long masterOffset) =>
        replId is not null && !string.Equals(replId, masterReplId, StringComparison.Ordinal) && masterOffset <= offset;

    /// <summary>Whether <paramref name="offeredKeys"/> is empty or under a tenth of the <paramref name="localKeys"/> held.</summary>
    public static bool IsFarSmaller(long offeredKeys, long localKeys) => localKeys > 0 && offeredKeys * 10 < localKeys;

    /// <summary>The reason logged and shown in INFO replication (<c>master_sync_refused_reason</c>).</summary>
    public static string Reason(long localKeys, long offeredKeys, string masterReplId, long masterOffset, string? replId, long offset) =>
        $"master restarted empty: refusing to replace {localKeys} keys with its {offeredKeys} " +
        $"(its new history {masterReplId} at offset {masterOffset}, ours {replId} at {offset}; REPLICAOF host port FORCE accepts)";
}
