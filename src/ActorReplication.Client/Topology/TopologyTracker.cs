using System.Collections.Concurrent;
using Akka.Actor;
using ActorReplication.Client.Protocol;
using Microsoft.Extensions.Logging;

namespace ActorReplication.Client.Topology;

/// <summary>
/// The client's view of the cluster. It asks every node it knows (the seeds, plus the members any node reports) for
/// its topology, in parallel, and chooses master and replicas with <see cref="TopologySelection"/>. It refreshes on
/// demand (a READONLY, a timeout, no master) and every refresh interval. Concurrent refresh requests share one round of
/// queries. It deliberately does not death-watch the nodes: remoting quarantines a watched node that stays silent past
/// its detector's pause, and a quarantined incarnation is never talked to again, so one long pause of a loaded node
/// would cut the client off from it for good. A request timeout costs a little longer to notice a dead node instead.
/// </summary>
internal sealed class TopologyTracker : IDisposable
{
    private static readonly HashSet<string> GoneStatuses = ["Down", "Removed", "Exiting"];

    private readonly ActorSystem _system;
    private readonly CacheClientOptions _options;
    private readonly ILogger _log;
    private readonly IReadOnlyList<string> _seeds;
    private readonly ConcurrentDictionary<string, IActorRef> _gateways = new(StringComparer.Ordinal);
    private readonly Timer _timer;
    private readonly Lock _gate = new();
    private Task<ClusterTopology>? _refreshing;
    private volatile ClusterTopology _current = ClusterTopology.Empty;
    private IReadOnlyList<string> _members = [];
    private volatile string? _versionMismatch;
    private long _refreshes;

    public TopologyTracker(ActorSystem system, IReadOnlyList<string> seeds, CacheClientOptions options, ILogger log)
    {
        _system = system;
        _seeds = seeds;
        _options = options;
        _log = log;
        _timer = new Timer(_ => Invalidate("periodic refresh"), null, options.TopologyRefreshInterval, options.TopologyRefreshInterval);
    }

    public ClusterTopology Current => _current;

    /// <summary>
    /// Why the last round could not use some node that answered: its protocol version is too far from ours (the text
    /// names both versions); null when every answer was usable.
    /// </summary>
    public string? VersionMismatch => _versionMismatch;

    /// <summary>The seed addresses, as normalized.</summary>
    public IReadOnlyList<string> Seeds => _seeds;

    /// <summary>How many rounds of topology queries ran (for tests and diagnostics).</summary>
    public long Refreshes => Interlocked.Read(ref _refreshes);

    /// <summary>The gateway actor of the node at <paramref name="address"/> (a remote ref by path; no round trip).</summary>
    public IActorRef Gateway(string address) =>
        _gateways.GetOrAdd(address, a => ((ExtendedActorSystem)_system).Provider.ResolveActorRef(a + "/user/client-gateway"));

    /// <summary>Starts a refresh in the background (or joins the one under way).</summary>
    public void Invalidate(string reason)
    {
        _log.LogDebug("Topology refresh: {Reason}", reason);
        _ = RefreshAsync();
    }

    /// <summary>Queries the nodes now, or joins the round already under way, and returns the resulting view.</summary>
    public Task<ClusterTopology> RefreshAsync()
    {
        lock (_gate)
        {
            if (_refreshing is { IsCompleted: false } running) return running;
            return _refreshing = Task.Run(QueryAllAsync);
        }
    }

    /// <summary>
    /// A node did not answer in time: stop using it at once (commands meanwhile wait for the refresh
    /// instead of trying it again), and re-read the topology.
    /// </summary>
    public void Suspect(string address, string reason)
    {
        lock (_gate)
        {
            var view = _current;
            var remaining = view.Nodes.Where(n => n.Address != address).ToList();
            if (remaining.Count != view.Nodes.Count)
                _current = new ClusterTopology(view.Master?.Address == address ? null : view.Master,
                    [.. view.Replicas.Where(n => n.Address != address)], view.Nodes);
        }
        Invalidate($"{address}: {reason}");
    }

    private async Task<ClusterTopology> QueryAllAsync()
    {
        Interlocked.Increment(ref _refreshes);
        var asked = new HashSet<string>(StringComparer.Ordinal);
        var statuses = new List<NodeStatus>();
        var members = new HashSet<string>(StringComparer.Ordinal);
        string? mismatch = null;
        var toAsk = _seeds.Concat(_members).Concat(_current.Nodes.Select(n => n.Address)).Distinct(StringComparer.Ordinal).ToList();
        // Two rounds at most: the known nodes, then members they reported that nobody knew.
        for (var round = 0; round < 2 && toAsk.Count > 0; round++)
        {
            asked.UnionWith(toAsk);
            var replies = await Task.WhenAll(toAsk.Select(QueryAsync)).ConfigureAwait(false);
            foreach (var answer in replies)
            {
                if (Incompatibility(answer) is { } text)
                {
                    mismatch = text;
                    continue;
                }
                if (answer is not TopologyReply reply) continue;
                statuses.Add(ToStatus(reply));
                foreach (var member in reply.Members)
                    if (!GoneStatuses.Contains(member.Status) && member.Reachable) members.Add(member.Address);
            }
            toAsk = members.Where(m => !asked.Contains(m)).ToList();
        }
        _versionMismatch = mismatch;
        if (mismatch is not null) _log.LogWarning("Topology: {Mismatch}", mismatch);
        if (statuses.Count == 0)
        {
            // Nobody answered (a partition, every node restarting): no master, but keep every address to ask next time.
            _current = ClusterTopology.Empty with { Nodes = _current.Nodes };
            _log.LogWarning("Topology: no node answered ({Count} asked)", asked.Count);
            return _current;
        }
        var topology = TopologySelection.Choose(statuses);
        _members = [.. members];
        _current = topology;
        _log.LogDebug("Topology: master {Master}, replicas [{Replicas}]", topology.Master?.Address ?? "none",
            string.Join(", ", topology.Replicas.Select(r => r.Address)));
        return topology;
    }

    /// <summary>
    /// The version check on our side of the handshake: a node refuses a client too far from it (a GatewayError with its
    /// version), and the client drops a node too far from it (an older node never refuses).
    /// </summary>
    private static string? Incompatibility(object? answer) => answer switch
    {
        GatewayError { Version: { } node } => GatewayProtocol.Mismatch(GatewayProtocol.Current, node),
        TopologyReply reply when !GatewayProtocol.Compatible(GatewayProtocol.Current, GatewayProtocol.OrUnversioned(reply.Version)) =>
            GatewayProtocol.Mismatch(GatewayProtocol.Current, GatewayProtocol.OrUnversioned(reply.Version)),
        _ => null,
    };

    private async Task<object?> QueryAsync(string address)
    {
        try
        {
            return await Gateway(address).Ask(new TopologyRequest { Version = GatewayProtocol.Current }, _options.TopologyQueryTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException)
        {
            _log.LogDebug("Topology query to {Address} got no answer: {Error}", address, ex.Message);
            return null;
        }
    }

    private static NodeStatus ToStatus(TopologyReply reply) => new(
        reply.Address, reply.RespEndpoint, reply.IsReplica, reply.Offset, reply.ReplId, reply.ReplId2,
        reply.IsReplica ? $"{reply.MasterHost}:{reply.MasterPort}" : null, reply.MasterLinkUp, reply.Epoch, reply.FencedBecause.Length > 0,
        GatewayProtocol.ServesPipelining(GatewayProtocol.OrUnversioned(reply.Version)));

    public void Dispose() => _timer.Dispose();
}
