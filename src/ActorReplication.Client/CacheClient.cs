using System.Globalization;
using ActorReplication.Client.Protocol;
using ActorReplication.Client.Remoting;
using ActorReplication.Client.Routing;
using ActorReplication.Client.Topology;
using ActorReplication.Resp;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace ActorReplication.Client;

/// <summary>
/// A client of an ActorReplication cluster over Akka.Remote (not RESP). It runs on the caller's ActorSystem (provider
/// <c>remote</c> or <c>cluster</c>) or on a small one of its own with Akka.Remote on an ephemeral port; either way it
/// never joins the cluster (decision 0006). It discovers the topology from any seed, sends writes to the master and
/// reads to replicas in turn, and follows promotions by itself. Thread-safe; share one per ActorSystem. See docs/client.md.
/// </summary>
public sealed partial class CacheClient : IAsyncDisposable
{
    private readonly ClientCore _core;
    private readonly bool _isView;

    private CacheClient(ClientCore core, CacheClientOptions options, ReadPolicy readPolicy, bool isView)
    {
        _core = core;
        Options = options;
        ReadPolicy = readPolicy;
        _isView = isView;
        Address = ((ExtendedActorSystem)core.System).Provider.DefaultAddress.ToString();
    }

    /// <summary>What one client and its views (<see cref="With"/>) share: the system, the topology, the last write.</summary>
    private sealed class ClientCore(ActorSystem system, bool ownsSystem, TopologyTracker topology, ILogger log)
    {
        public ActorSystem System { get; } = system;
        public bool OwnsSystem { get; } = ownsSystem;
        public TopologyTracker Topology { get; } = topology;
        public ILogger Log { get; } = log;
        public Lock WriteGate { get; } = new();
        public ConsistencyToken? LastWrite { get; set; }
        public long ReadTurn;
    }

    /// <summary>How this client (or view) routes reads; see <see cref="With"/>.</summary>
    public ReadPolicy ReadPolicy { get; }

    /// <summary>
    /// The same client (topology, connections, last write) reading by <paramref name="policy"/>: e.g.
    /// <c>client.With(ReadPolicy.Master)</c>, <c>client.With(ReadPolicy.After(token))</c>,
    /// <c>client.With(ReadPolicy.Replicas with { MaxLag = TimeSpan.FromSeconds(2) })</c>. Disposing a view does nothing.
    /// </summary>
    public CacheClient With(ReadPolicy policy) => new(_core, Options, policy, isView: true);

    /// <summary>
    /// The position in the master's history just after this client's latest write, when <see cref="CacheClientOptions.ReadYourWrites"/>
    /// is on (null before the first write or when off). Hand it to another client's <see cref="ReadPolicy.After"/> for
    /// reads that see that write (its <see cref="ConsistencyToken.ToString"/> round-trips through <see cref="ConsistencyToken.Parse"/>).
    /// </summary>
    public ConsistencyToken? LastWriteToken
    {
        get
        {
            lock (_core.WriteGate) return _core.LastWrite;
        }
    }

    public CacheClientOptions Options { get; }

    /// <summary>The topology as last seen (master, replicas read from).</summary>
    public ClusterTopology Topology => _core.Topology.Current;

    /// <summary>This client's remoting address (how nodes see it).</summary>
    public string Address { get; }

    /// <summary>
    /// Starts the client on an ActorSystem of its own and reads the topology from <paramref name="seedNodes"/>: remoting
    /// addresses of any nodes (<c>akka.tcp://node@127.0.0.1:16379</c>) or <c>host:remote-port</c>. Fails when no seed
    /// answers. Disposing the client terminates that system.
    /// </summary>
    public static async Task<CacheClient> ConnectAsync(IEnumerable<string> seedNodes, CacheClientOptions? options = null, ILoggerFactory? loggerFactory = null)
    {
        options ??= new CacheClientOptions();
        var seeds = seedNodes.ToList();
        var system = ActorSystem.Create("client", ClientSetup(options, throttled: seeds.Any(s => s.Trim().StartsWith("akka.trttl.", StringComparison.Ordinal))));
        try
        {
            return await ConnectAsync(system, ownsSystem: true, seeds, options, loggerFactory).ConfigureAwait(false);
        }
        catch
        {
            await system.Terminate().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Starts the client on the caller's <paramref name="system"/> (its provider must be <c>remote</c> or <c>cluster</c>;
    /// the client never joins a cluster) and reads the topology from <paramref name="seedNodes"/>. Fails when no seed
    /// answers. Disposing the client leaves <paramref name="system"/> running.
    /// </summary>
    public static Task<CacheClient> ConnectAsync(ActorSystem system, IEnumerable<string> seedNodes, CacheClientOptions? options = null, ILoggerFactory? loggerFactory = null) =>
        ConnectAsync(system, ownsSystem: false, seedNodes, options ?? new CacheClientOptions(), loggerFactory);

    /// <summary>
    /// A client on the caller's <paramref name="system"/> that has not asked anyone yet: its first command reads the
    /// topology (and waits for a master within <see cref="CacheClientOptions.RetryBudget"/>). For hosts that build their
    /// services synchronously (<see cref="Hosting.CacheClientHostingExtensions"/>).
    /// </summary>
    public static CacheClient Create(ActorSystem system, IEnumerable<string> seedNodes, CacheClientOptions? options = null, ILoggerFactory? loggerFactory = null) =>
        Create(system, ownsSystem: false, seedNodes, options ?? new CacheClientOptions(), loggerFactory);

    private static async Task<CacheClient> ConnectAsync(ActorSystem system, bool ownsSystem, IEnumerable<string> seedNodes, CacheClientOptions options, ILoggerFactory? loggerFactory)
    {
        var client = Create(system, ownsSystem, seedNodes, options, loggerFactory);
        var topology = client._core.Topology;
        try
        {
            var view = await topology.RefreshAsync().ConfigureAwait(false);
            if (view.Nodes.Count == 0 && topology.VersionMismatch is { } mismatch)
                throw new ProtocolVersionException(mismatch);
            if (view.Nodes.Count == 0)
                throw new CacheException($"No seed node answered within {options.TopologyQueryTimeout.TotalSeconds:0.#} s: {string.Join(", ", topology.Seeds)}");
            client._core.Log.LogInformation("Client {Address} connected: master {Master}, {Replicas} replica(s)", client.Address,
                view.Master?.Address ?? "none", view.Replicas.Count);
            return client;
        }
        catch
        {
            topology.Dispose();
            throw;
        }
    }

    private static CacheClient Create(ActorSystem system, bool ownsSystem, IEnumerable<string> seedNodes, CacheClientOptions options, ILoggerFactory? loggerFactory)
    {
        if (system is not ExtendedActorSystem { Provider: Akka.Remote.IRemoteActorRefProvider provider })
            throw new ArgumentException(
                $"The client needs an ActorSystem with remoting (akka.actor.provider = remote or cluster); '{system.Name}' runs {((ExtendedActorSystem)system).Provider.GetType().Name}",
                nameof(system));
        // Host:port seeds take the scheme this system speaks (akka.tcp, akka.ssl.tcp with TLS).
        var scheme = provider.DefaultAddress.Protocol;
        var seeds = seedNodes.Select(s => NormalizeSeed(s, options.NodeSystemName, scheme)).Distinct(StringComparer.Ordinal).ToList();
        if (seeds.Count == 0) throw new ArgumentException("At least one seed node is needed", nameof(seedNodes));
        ClientSerialization.Bind(system);
        var log = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("ActorReplication.Client");
        var core = new ClientCore(system, ownsSystem, new TopologyTracker(system, seeds, options, log), log);
        return new CacheClient(core, options, ReadPolicy.FromOptions(options), isView: false);
    }

    /// <summary>Re-reads the topology now (it is also refreshed by itself).</summary>
    public Task<ClusterTopology> RefreshTopologyAsync() => _core.Topology.RefreshAsync();

    /// <summary>
    /// Runs any data command (e.g. <c>"ZADD"</c> is not supported by the server, but <c>"GETRANGE", "k", "0", "3"</c> is)
    /// and returns its RESP reply; error replies raise. <paramref name="kind"/> routes it and decides what may be retried.
    /// </summary>
    public Task<RespValue> ExecuteAsync(RequestKind kind, params string[] args) =>
        ExecuteAsync(kind, [.. args.Select(a => System.Text.Encoding.UTF8.GetBytes(a))]);

    public async Task<RespValue> ExecuteAsync(RequestKind kind, byte[][] args)
    {
        var request = new CommandRequest();
        foreach (var arg in args) request.Args.Add(UnsafeByteOperations.UnsafeWrap(arg));
        var replies = await RouteAsync(kind, [request], CommandName(args)).ConfigureAwait(false);
        return replies[0].Result;
    }

    /// <summary>
    /// Sends <paramref name="commands"/> in one message and one round trip, run on the node in order as a RESP
    /// pipeline is (not atomically: another client's commands may run between them). They go to the master when any
    /// is a write, else where this client's <see cref="ReadPolicy"/> sends reads. Each command gets its own reply or
    /// error; the call itself raises only what concerns them all (no master within the retry budget, a timeout: for a
    /// pipeline with writes, <see cref="CacheTimeoutException"/> means any of them may have run, and it is never sent
    /// again). A node older than protocol 1.2 gets the commands one after another instead.
    /// </summary>
    public async Task<IReadOnlyList<PipelineReply>> PipelineAsync(IEnumerable<CacheCommand> commands)
    {
        var list = commands.ToList();
        if (list.Count == 0) return [];
        var requests = new CommandRequest[list.Count];
        for (var i = 0; i < list.Count; i++)
        {
            requests[i] = new CommandRequest();
            foreach (var arg in list[i].Args) requests[i].Args.Add(ByteString.CopyFromUtf8(arg));
        }
        var kind = list.Any(c => c.Kind == RequestKind.Write) ? RequestKind.Write : RequestKind.Read;
        return await RouteAsync(kind, requests, $"pipeline of {list.Count}").ConfigureAwait(false);
    }

    /// <summary>Routing and retries for one command or a pipeline: see docs/client.md, "Routing and retries".</summary>
    private async Task<PipelineReply[]> RouteAsync(RequestKind kind, CommandRequest[] requests, string name)
    {
        var topologyTracker = _core.Topology;
        var deadline = Environment.TickCount64 + (long)Options.RetryBudget.TotalMilliseconds;
        var onMaster = kind == RequestKind.Write || ReadPolicy.From == ReadFrom.Master;
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0) await Task.Delay(RetryPolicy.Backoff(attempt)).ConfigureAwait(false);
            var target = Target(topologyTracker.Current, onMaster);
            FailureKind failure;
            string detail;
            if (target is null)
            {
                var mismatch = topologyTracker.VersionMismatch;
                (failure, detail) = (FailureKind.NoTarget, mismatch is null ? "no master is known" : "no master is known; " + mismatch);
                if (Target(await topologyTracker.RefreshAsync().ConfigureAwait(false), onMaster) is not null) continue;
            }
            else
            {
                var outcome = await SendAsync(requests, kind, target, onMaster).ConfigureAwait(false);
                if (outcome.Replies is { } replies) return replies;
                (failure, detail) = (outcome.Failure, outcome.Detail);
                if (failure == FailureKind.Timeout) topologyTracker.Suspect(target.Address, detail);
                else if (RetryPolicy.InvalidatesTopology(failure)) topologyTracker.Invalidate($"{failure} from {target.Address}");
            }
            if (!RetryPolicy.MayRetry(kind, failure) || Environment.TickCount64 >= deadline) throw Fail(failure, detail, name);
            if (RetryPolicy.RetryOnMaster(failure)) onMaster = true;
        }
    }

    /// <summary>The master, or for a read a replica the policy allows (a lag bound needs a node that can enforce it).</summary>
    private NodeStatus? Target(ClusterTopology topology, bool onMaster) =>
        onMaster ? topology.Master : PickReplica(topology) ?? topology.Master;

    private readonly record struct Outcome(PipelineReply[]? Replies, FailureKind Failure, string Detail);

    /// <summary>One attempt on one node: replies the caller gets (each possibly an error), or a failure to act on.</summary>
    private async Task<Outcome> SendAsync(CommandRequest[] requests, RequestKind kind, NodeStatus target, bool onMaster)
    {
        var wantOffset = Options.ReadYourWrites && kind == RequestKind.Write;
        var (after, maxLagSeconds) = (default(ConsistencyToken), 0);
        if (kind == RequestKind.Read && !onMaster && target.IsReplica)
        {
            after = Later(ReadPolicy.After, Options.ReadYourWrites ? LastWriteToken : null);
            maxLagSeconds = ReadPolicy.MaxLag is { } lag ? Math.Max(1, (int)Math.Ceiling(lag.TotalSeconds)) : 0;
        }
        var waitMs = after is null ? 0 : (int)Options.ReadYourWritesWait.TotalMilliseconds;
        if (requests.Length > 1 && !target.ServesPipelining) return await SendOneByOneAsync(requests, kind, target, onMaster).ConfigureAwait(false);
        object message;
        if (requests.Length == 1)
        {
            var request = requests[0].Clone();
            request.WantOffset = wantOffset;
            if (after is not null) (request.MinOffset, request.ReplId, request.WaitMs) = (after.Offset, after.ReplId, waitMs);
            request.MaxLagSeconds = maxLagSeconds;
            message = request;
        }
        else
        {
            var batch = new CommandBatchRequest { WantOffset = wantOffset, MaxLagSeconds = maxLagSeconds };
            batch.Commands.AddRange(requests);
            if (after is not null) (batch.MinOffset, batch.ReplId, batch.WaitMs) = (after.Offset, after.ReplId, waitMs);
            message = batch;
        }
        object answer;
        try
        {
            answer = await _core.Topology.Gateway(target.Address).Ask(message, Options.RequestTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException)
        {
            return new Outcome(null, FailureKind.Timeout, $"no reply from {target.Address} within {Options.RequestTimeout.TotalMilliseconds:0} ms");
        }
        var (resp, offset, replId, notReached, lagExceeded) = answer switch
        {
            CommandReply r => (r.Resp, r.Offset, r.ReplId, r.OffsetNotReached, r.LagExceeded),
            CommandBatchReply r => (r.Resp, r.Offset, r.ReplId, r.OffsetNotReached, r.LagExceeded),
            GatewayError error => throw new CacheServerException(error.Message),
            _ => throw new CacheException($"{target.Address} answered with an unexpected {answer.GetType().Name}"),
        };
        if (notReached) return new Outcome(null, FailureKind.OffsetNotReached, $"{target.Address} had not reached offset {after?.Offset}");
        if (lagExceeded) return new Outcome(null, FailureKind.LagExceeded, $"{target.Address} lags its master by more than {maxLagSeconds} s");
        var replies = ReadReplies(resp.Span, requests.Length, target.Address);
        // Refused as a whole (a demoted master, a replica whose link is down): nothing ran, so it may go elsewhere.
        if (replies.All(r => r.Refusal == FailureKind.ReadOnly)) return new Outcome(null, FailureKind.ReadOnly, replies[0].Error!.Message);
        if (replies.All(r => r.Refusal == FailureKind.MasterDown)) return new Outcome(null, FailureKind.MasterDown, replies[0].Error!.Message);
        if (wantOffset && offset > 0) RecordWrite(new ConsistencyToken(replId, offset));
        return new Outcome(replies, default, "");
    }

    /// <summary>A pipeline for a node that predates batches (protocol 1.1): each command in turn, in order.</summary>
    private async Task<Outcome> SendOneByOneAsync(CommandRequest[] requests, RequestKind kind, NodeStatus target, bool onMaster)
    {
        var replies = new PipelineReply[requests.Length];
        for (var i = 0; i < requests.Length; i++)
        {
            var one = await SendAsync([requests[i]], kind, target, onMaster).ConfigureAwait(false);
            if (one.Replies is null)
            {
                // The first failure before anything ran may be retried as a whole; after that, report per command.
                if (i == 0) return one;
                for (var j = i; j < requests.Length; j++) replies[j] = new PipelineReply(null, Fail(one.Failure, one.Detail, "pipeline"));
                return new Outcome(replies, default, "");
            }
            replies[i] = one.Replies[0];
        }
        return new Outcome(replies, default, "");
    }

    private static PipelineReply[] ReadReplies(ReadOnlySpan<byte> resp, int count, string from)
    {
        var replies = new PipelineReply[count];
        for (var i = 0; i < count; i++)
        {
            if (!RespReplyReader.TryReadOne(resp, out var value, out var consumed))
                throw new CacheException($"{from} sent an incomplete reply");
            resp = resp[consumed..];
            replies[i] = value.IsError ? new PipelineReply(null, CacheServerException.From(value.AsString() ?? "")) : new PipelineReply(value, null);
        }
        return replies;
    }

    private static ConsistencyToken? Later(ConsistencyToken? a, ConsistencyToken? b) =>
        a is null ? b : b is null ? a : a.ReplId == b.ReplId && b.Offset > a.Offset ? b : a;

    private NodeStatus? PickReplica(ClusterTopology topology)
    {
        var replicas = topology.Replicas;
        if (ReadPolicy.MaxLag is not null) replicas = [.. replicas.Where(r => r.ServesPipelining)];
        if (replicas.Count == 0) return null;
        var turn = Interlocked.Increment(ref _core.ReadTurn);
        return replicas[(int)((ulong)turn % (ulong)replicas.Count)];
    }

    private void RecordWrite(ConsistencyToken token)
    {
        lock (_core.WriteGate)
            if (_core.LastWrite is not { } last || token.ReplId != last.ReplId || token.Offset > last.Offset) _core.LastWrite = token;
    }

    private static string CommandName(byte[][] args) => args.Length > 0 ? System.Text.Encoding.UTF8.GetString(args[0]).ToUpperInvariant() : "";

    private static CacheException Fail(FailureKind failure, string detail, string name)
    {
        return failure switch
        {
            FailureKind.Timeout => new CacheTimeoutException($"{name}: {detail}"),
            FailureKind.ReadOnly => new ReadOnlyException(detail),
            FailureKind.MasterDown => new MasterDownException(detail),
            FailureKind.NoTarget => new MasterDownException($"{name}: {detail} (no node answered as master within the retry budget)"),
            _ => new CacheException($"{name}: {detail}"),
        };
    }

    private static string NormalizeSeed(string seed, string systemName, string scheme)
    {
        seed = seed.Trim();
        if (seed.StartsWith("akka.", StringComparison.Ordinal)) return seed.TrimEnd('/');
        return $"{scheme}://{systemName}@{seed}";
    }

    /// <summary>
    /// Akka.Remote on an ephemeral port of <see cref="CacheClientOptions.Hostname"/>, TLS when configured, and Akka's
    /// throttler when the seeds are a fault-injection cluster's (<c>akka.trttl.tcp</c>: tests only), so the schemes match.
    /// </summary>
    private static ActorSystemSetup ClientSetup(CacheClientOptions options, bool throttled)
    {
        var tls = options.TlsCertificatePath is not null;
        var config = ConfigurationFactory.ParseString($$"""
            akka {
              loglevel = WARNING
              actor.provider = remote
              remote.dot-netty.tcp {
                hostname = "{{options.Hostname}}"
                port = 0
                enable-ssl = {{(tls ? "on" : "off")}}
                applied-adapters = {{(throttled ? "[\"trttl\"]" : "[]")}}
              }
            }
            """).WithFallback(ClientSerialization.Config);
        var bootstrap = BootstrapSetup.Create().WithConfig(config);
        return tls
            ? ActorSystemSetup.Create(bootstrap, PinnedCertificateTls.Setup(options.TlsCertificatePath!, options.TlsCertificatePassword))
            : ActorSystemSetup.Create(bootstrap);
    }

    /// <summary>Stops the topology refresh; terminates the ActorSystem only when the client made it. A view's does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_isView) return;
        _core.Topology.Dispose();
        if (_core.OwnsSystem) await _core.System.Terminate().ConfigureAwait(false);
    }
}
