using System.Globalization;
using System.Text;
using ActorReplication.Resp;

namespace ActorReplication.Replication.Info;

/// <summary>
/// INFO replication and ROLE for one node: its master actor's figures plus, on a replica, its link's. Renders Redis's
/// exact field names; the node's INFO and ROLE commands write these.
/// </summary>
/// <param name="FailoverState">master_failover_state: no-failover, waiting-for-sync or failover-in-progress (FAILOVER).</param>
/// <param name="EmptyMasterRefusals">Full syncs refused from a master that restarted empty (shown once there was one).</param>
public sealed record ReplicationInfo(MasterReplicationInfo Master, ReplicaLinkInfo? Replica, string FailoverState = FailoverStates.None, long EmptyMasterRefusals = 0)
{
    public string Role => Replica is null ? "master" : "slave";

    /// <summary>The <c># Replication</c> section's lines (CRLF-terminated, without the header).</summary>
    public string RenderInfoReplication()
    {
        var sb = new StringBuilder();
        Line(sb, "role", Role);
        if (Replica is { } r)
        {
            Line(sb, "master_host", r.MasterHost);
            Line(sb, "master_port", r.MasterPort);
            Line(sb, "master_link_status", r.LinkUp ? "up" : "down");
            Line(sb, "master_last_io_seconds_ago", r.MasterLastIoSecondsAgo);
            Line(sb, "master_sync_in_progress", r.SyncInProgress ? 1 : 0);
            Line(sb, "slave_read_repl_offset", r.SlaveReadReplOffset);
            Line(sb, "slave_repl_offset", r.SlaveReplOffset);
            if (r.SyncInProgress)
            {
                Line(sb, "master_sync_total_bytes", -1);
                Line(sb, "master_sync_read_bytes", r.SyncReadBytes);
                Line(sb, "master_sync_left_bytes", -1);
                Line(sb, "master_sync_perc", "0.00");
                Line(sb, "master_sync_last_io_seconds_ago", r.SyncLastIoSecondsAgo);
            }

            if (!r.LinkUp)
            {
                Line(sb, "master_link_down_since_seconds", r.LinkDownSinceSeconds);
            }

            // Ours (Redis has no such guard): only once it happened, so INFO reads as Redis's otherwise.
            if (r.SyncRefusedReason is { } refused)
            {
                Line(sb, "master_sync_refused_reason", refused);
            }

            Line(sb, "slave_priority", r.SlavePriority);
            Line(sb, "slave_read_only", r.SlaveReadOnly ? 1 : 0);
            Line(sb, "replica_announced", 1);
        }

        if (EmptyMasterRefusals > 0)
        {
            Line(sb, "master_sync_refused_empty_master", EmptyMasterRefusals);
        }

        var m = Master;
        Line(sb, "connected_slaves", m.Replicas.Count);
        if (m.MinReplicasToWrite > 0)
        {
            Line(sb, "min_slaves_good_slaves", m.GoodReplicas);
        }

        for (int i = 0; i < m.Replicas.Count; i++)
        {
            var s = m.Replicas[i];
            sb.Append(CultureInfo.InvariantCulture, $"slave{i}:ip={s.Ip},port={s.Port},state={s.State},offset={s.Offset},lag={s.LagSeconds}\r\n");
        }

        Line(sb, "master_failover_state", FailoverState);
        Line(sb, "master_replid", m.MasterReplId);
        Line(sb, "master_replid2", m.MasterReplId2);
        Line(sb, "master_repl_offset", m.MasterReplOffset);
        Line(sb, "second_repl_offset", m.SecondReplOffset);
        Line(sb, "repl_backlog_active", m.BacklogActive ? 1 : 0);
        Line(sb, "repl_backlog_size", m.BacklogSize);
        Line(sb, "repl_backlog_first_byte_offset", m.BacklogActive ? m.BacklogFirstByteOffset : 0);
        Line(sb, "repl_backlog_histlen", m.BacklogActive ? m.BacklogHistLen : 0);
        return sb.ToString();
    }

    /// <summary>INFO stats' replication counters: <c>sync_full</c>, <c>sync_partial_ok</c>, <c>sync_partial_err</c>.</summary>
    public string RenderInfoStats() =>
        $"sync_full:{Master.SyncFull}\r\nsync_partial_ok:{Master.SyncPartialOk}\r\nsync_partial_err:{Master.SyncPartialErr}\r\n";

    /// <summary>
    /// The ROLE reply: master → <c>["master", offset, [[ip, port, offset], ...]]</c> (port and offset as bulk strings,
    /// as Redis sends them); replica → <c>["slave", host, port, state, offset]</c>, offset -1 while the link is down.
    /// </summary>
    public void WriteRole(RespWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        if (Replica is { } r)
        {
            w.WriteArrayHeader(5);
            w.WriteBulkString("slave");
            w.WriteBulkString(r.MasterHost);
            w.WriteInteger(r.MasterPort);
            w.WriteBulkString(r.RoleState);
            w.WriteInteger(r.LinkUp ? r.SlaveReplOffset : -1); // Redis: the offset of a connected master only
            return;
        }

        w.WriteArrayHeader(3);
        w.WriteBulkString("master");
        w.WriteInteger(Master.MasterReplOffset);
        var online = Master.Replicas.Where(s => s.State == "online").ToList();
        w.WriteArrayHeader(online.Count);
        foreach (var s in online)
        {
            w.WriteArrayHeader(3);
            w.WriteBulkString(s.Ip);
            w.WriteBulkString(s.Port.ToString(CultureInfo.InvariantCulture));
            w.WriteBulkString(s.Offset.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void Line(StringBuilder sb, string key, string value) => sb.Append(key).Append(':').Append(value).Append("\r\n");

    private static void Line(StringBuilder sb, string key, long value) =>
        sb.Append(key).Append(':').Append(value.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
}
