namespace ActorReplication.Replication.Master;

/// <summary>
/// The master's answer to <c>PSYNC replid offset</c> (Redis masterTryPartialResynchronization), as a pure function:
/// continue when the id is this master's replid, or its replid2 with the offset at or before second_repl_offset, and
/// the backlog holds the offset; otherwise a full resynchronization with the typed reason.
/// </summary>
public sealed record PsyncDecision(bool Continue, FullSyncReason? Reason, string Detail)
{
    /// <param name="requestedReplId">The replid the replica names ("?" for none).</param>
    /// <param name="psyncOffset">The first byte it wants (-1 for none).</param>
    /// <param name="ids">This master's replid, replid2 and second_repl_offset.</param>
    /// <param name="backlogFirstByteOffset">repl_backlog_first_byte_offset, or null when there is no backlog.</param>
    /// <param name="backlogHistLen">repl_backlog_histlen.</param>
    public static PsyncDecision Decide(string requestedReplId, long psyncOffset, ReplicationIds ids, long? backlogFirstByteOffset, long backlogHistLen)
    {
        ArgumentNullException.ThrowIfNull(requestedReplId);
        ArgumentNullException.ThrowIfNull(ids);
        if (requestedReplId == ReplicationProtocol.Psync.Unknown || psyncOffset == -1)
        {
            return Full(FullSyncReason.FullRequested, "the replica asked for a full resynchronization");
        }

        if (!string.Equals(requestedReplId, ids.ReplId, StringComparison.OrdinalIgnoreCase))
        {
            if (!string.Equals(requestedReplId, ids.ReplId2, StringComparison.OrdinalIgnoreCase) || ids.ReplId2 == ReplId.None)
            {
                return Full(FullSyncReason.ReplIdMismatch,
                    $"replication id mismatch: the replica asked for '{requestedReplId}', this master has '{ids.ReplId}' and '{ids.ReplId2}'");
            }

            if (psyncOffset > ids.SecondReplOffset)
            {
                return Full(FullSyncReason.SecondIdOffsetExceeded,
                    $"the replica asked for offset {psyncOffset} of the previous id '{ids.ReplId2}', which this master can serve only up to {ids.SecondReplOffset}");
            }
        }

        if (backlogFirstByteOffset is not long first)
        {
            return Full(FullSyncReason.NoBacklog, $"no backlog (the replica asked for offset {psyncOffset})");
        }

        if (psyncOffset < first || psyncOffset > first + backlogHistLen)
        {
            return Full(FullSyncReason.BacklogMiss,
                $"lack of backlog: the replica asked for offset {psyncOffset}, the backlog holds {first}..{first + backlogHistLen - 1}");
        }

        return new PsyncDecision(true, null, $"partial resynchronization from offset {psyncOffset}");
    }

    private static PsyncDecision Full(FullSyncReason reason, string detail) => new(false, reason, detail);
}
