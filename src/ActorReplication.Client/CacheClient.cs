using System.Globalization;
using ActorReplication.Client.Protocol;
using ActorReplication.Client.Remoting;
using ActorReplication.Client.Routing;
using ActorReplication.Client.Topology;
using ActorReplication.Configuration;
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
    private readonly ActorSystem _system;
    private readonly bool _ownsSystem;
    private readonly TopologyTracker _topology;
    private readonly ILogger _log;
    private readonly Lock _writeGate = new();
    private long _readTurn;
    private (string ReplId, long Offset) _lastWrite = ("", 0);

    private CacheClient(ActorSystem system, bool ownsSystem, TopologyTracker topology, CacheClientOptions options, ILogger log)
    {
        _system = system;
        _ownsSystem = ownsSystem;
        Address = ((ExtendedActorSystem)system).Provider.DefaultAddress.ToString();
        _topology = topology;
        Options = options;
        _log = log;
    }

    public CacheClientOptions Options { get; }

    /// <summary>The topology as last seen (master, replicas read from).</summary>
    public ClusterTopology Topology => _topology.Current;

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
        try
        {
            var view = await client._topology.RefreshAsync().ConfigureAwait(false);
            if (view.Nodes.Count == 0 && client._topology.VersionMismatch is { } mismatch)
                throw new ProtocolVersionException(mismatch);
            if (view.Nodes.Count == 0)
                throw new CacheException($"No seed node answered within {options.TopologyQueryTimeout.TotalSeconds:0.#} s: {string.Join(", ", client._topology.Seeds)}");
            client._log.LogInformation("Client {Address} connected: master {Master}, {Replicas} replica(s)", client.Address,
                view.Master?.Address ?? "none", view.Replicas.Count);
            return client;
        }
        catch
        {
            client._topology.Dispose();
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
        return new CacheClient(system, ownsSystem, new TopologyTracker(system, seeds, options, log), options, log);
    }

    /// <summary>Re-reads the topology now (it is also refreshed by itself).</summary>
    public Task<ClusterTopology> RefreshTopologyAsync() => _topology.RefreshAsync();

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
        var deadline = Environment.TickCount64 + (long)Options.RetryBudget.TotalMilliseconds;
        var onMaster = kind == RequestKind.Write || Options.ReadFrom == ReadFrom.Master;
        for (var attempt = 0; ; attempt++)
        {
            if (attempt > 0) await Task.Delay(RetryPolicy.Backoff(attempt)).ConfigureAwait(false);
            var topology = _topology.Current;
            var target = onMaster ? topology.Master : PickReplica(topology) ?? topology.Master;
            FailureKind failure;
            string detail;
            if (target is null)
            {
                (failure, detail) = (FailureKind.NoTarget, _topology.VersionMismatch is { } mismatch ? "no master is known; " + mismatch : "no master is known");
                topology = await _topology.RefreshAsync().ConfigureAwait(false);
                if ((onMaster ? topology.Master : PickReplica(topology) ?? topology.Master) is not null) continue;
            }
            else
            {
                var outcome = await SendAsync(request, kind, target, onMaster).ConfigureAwait(false);
                if (outcome.Value is { } value) return value;
                (failure, detail) = (outcome.Failure, outcome.Detail);
                if (failure == FailureKind.Timeout) _topology.Suspect(target.Address, detail);
                else if (RetryPolicy.InvalidatesTopology(failure)) _topology.Invalidate($"{failure} from {target.Address}");
            }
            if (!RetryPolicy.MayRetry(kind, failure) || Environment.TickCount64 >= deadline) throw Fail(failure, detail, args);
            if (RetryPolicy.RetryOnMaster(failure)) onMaster = true;
        }
    }

    private readonly record struct Outcome(RespValue? Value, FailureKind Failure, string Detail);

    /// <summary>One attempt on one node: a reply the caller gets (or whose error it gets), or a failure to act on.</summary>
    private async Task<Outcome> SendAsync(CommandRequest template, RequestKind kind, NodeStatus target, bool onMaster)
    {
        var request = template.Clone();
        if (Options.ReadYourWrites)
        {
            if (kind == RequestKind.Write) request.WantOffset = true;
            else if (!onMaster && target.IsReplica)
            {
                var (replId, offset) = LastWrite;
                if (offset > 0)
                {
                    request.MinOffset = offset;
                    request.ReplId = replId;
                    request.WaitMs = (int)Options.ReadYourWritesWait.TotalMilliseconds;
                }
            }
        }
        object answer;
        try
        {
            answer = await _topology.Gateway(target.Address).Ask(request, Options.RequestTimeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is AskTimeoutException or TaskCanceledException)
        {
            return new Outcome(null, FailureKind.Timeout, $"no reply from {target.Address} within {Options.RequestTimeout.TotalMilliseconds:0} ms");
        }
        switch (answer)
        {
            case CommandReply { OffsetNotReached: true }:
                return new Outcome(null, FailureKind.OffsetNotReached, $"{target.Address} had not reached offset {request.MinOffset}");
            case CommandReply reply:
                if (!RespReplyReader.TryReadOne(reply.Resp.Span, out var value, out _))
                    throw new CacheException($"{target.Address} sent an incomplete reply");
                if (value.IsError)
                {
                    var text = value.AsString() ?? "";
                    if (text.StartsWith("READONLY", StringComparison.Ordinal)) return new Outcome(null, FailureKind.ReadOnly, text);
                    if (text.StartsWith("MASTERDOWN", StringComparison.Ordinal)) return new Outcome(null, FailureKind.MasterDown, text);
                    throw CacheServerException.From(text);
                }
                if (request.WantOffset && reply.Offset > 0) RecordWrite(reply.ReplId, reply.Offset);
                return new Outcome(value, default, "");
            case GatewayError error:
                throw new CacheServerException(error.Message);
            default:
                throw new CacheException($"{target.Address} answered with an unexpected {answer.GetType().Name}");
        }
    }

    private NodeStatus? PickReplica(ClusterTopology topology)
    {
        var replicas = topology.Replicas;
        if (replicas.Count == 0) return null;
        var turn = Interlocked.Increment(ref _readTurn);
        return replicas[(int)((ulong)turn % (ulong)replicas.Count)];
    }

    private (string ReplId, long Offset) LastWrite
    {
        get
        {
            lock (_writeGate) return _lastWrite;
        }
    }

    private void RecordWrite(string replId, long offset)
    {
        lock (_writeGate)
            if (replId != _lastWrite.ReplId || offset > _lastWrite.Offset) _lastWrite = (replId, offset);
    }

    private static CacheException Fail(FailureKind failure, string detail, byte[][] args)
    {
        var name = args.Length > 0 ? System.Text.Encoding.UTF8.GetString(args[0]).ToUpperInvariant() : "";
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
        var config = HoconFiles.ParseString($$"""
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
            """, "CacheClientOptions").WithFallback(ClientSerialization.Config);
        var bootstrap = BootstrapSetup.Create().WithConfig(config);
        return tls
            ? ActorSystemSetup.Create(bootstrap, PinnedCertificateTls.Setup(options.TlsCertificatePath!, options.TlsCertificatePassword))
            : ActorSystemSetup.Create(bootstrap);
    }

    /// <summary>Stops the topology refresh; terminates the ActorSystem only when the client made it.</summary>
    public async ValueTask DisposeAsync()
    {
        _topology.Dispose();
        if (_ownsSystem) await _system.Terminate().ConfigureAwait(false);
    }
}
