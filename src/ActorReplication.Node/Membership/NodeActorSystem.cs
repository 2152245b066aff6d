using ActorReplication.Cache.Dispatch;
using ActorReplication.Client.Protocol;
using ActorReplication.Client.Remoting;
using ActorReplication.Configuration;
using ActorReplication.Replication.Serialization;
using ActorReplication.Replication.Topology;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Akka.Hosting.Logging;
using Microsoft.Extensions.Logging;

namespace ActorReplication.Node.Membership;

/// <summary>
/// A node's Akka.NET ActorSystem from its configuration (the <c>akka</c> section of the node's HOCON plus our
/// <c>remoting</c> section): Akka.Remote always, Akka.Cluster when the node is a member (<see cref="IsClusterMember"/>)
/// with the role <c>resp:host:port</c> added, our protocol serializers and the keyspace's dispatcher, Akka's log
/// going to the node's logger, and TLS or fault injection as the <c>remoting</c> section asks.
/// </summary>
public static class NodeActorSystem
{
    public const string SystemName = "node";

    /// <summary>Whether the node joins a cluster: seed nodes are given, or <c>akka.actor.provider = cluster</c>.</summary>
    public static bool IsClusterMember(Config config) =>
        config.GetStringList("akka.cluster.seed-nodes").Count > 0
        || string.Equals(config.GetString("akka.actor.provider"), "cluster", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads and checks the <c>remoting</c> section (a bad value stops the node at start).</summary>
    public static RemotingOptions ReadRemoting(Config config)
    {
        var section = config.Section("remoting");
        var certificate = section.ReadString("tls-certificate");
        if (certificate.Length > 0 && !File.Exists(certificate))
            throw new ConfigException($"Configuration key 'remoting.tls-certificate': no such file '{certificate}'", "remoting.tls-certificate");
        return new RemotingOptions(certificate.Length > 0 ? certificate : null, section.ReadString("tls-password"), section.ReadBoolean("fault-injection"));
    }

    /// <param name="rejoining">
    /// A new incarnation of a member the cluster downed: it joins through the other seeds only. As the first seed it
    /// would otherwise, when it meets none of them, form a cluster of its own beside the one it belongs to.
    /// </param>
    /// <summary>
    /// Checks the <c>akka</c> keys a node file sets most (port, hostname, seeds, provider) the way our own sections are
    /// checked: Akka itself reports a bad value only as "Exception has been thrown by the target of an invocation".
    /// </summary>
    public static void CheckAkkaKeys(Config config)
    {
        const string portKey = "akka.remote.dot-netty.tcp.port";
        var port = config.GetString(portKey);
        if (!int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var p) || p > 65535)
            throw new ConfigException($"Configuration key '{portKey}': expected a port number from 0 to 65535, got '{port}'", portKey);
        const string hostKey = "akka.remote.dot-netty.tcp.hostname";
        if (string.IsNullOrWhiteSpace(config.GetString(hostKey)))
            throw new ConfigException($"Configuration key '{hostKey}': expected a host name or address to listen on", hostKey);
        const string seedsKey = "akka.cluster.seed-nodes";
        foreach (var seed in config.GetStringList(seedsKey))
            if (!Address.TryParse(SeedAddress(seed, "akka.tcp"), out var address) || address.Host is null || address.Port is null or < 1 or > 65535)
                throw new ConfigException($"Configuration key '{seedsKey}': '{seed}' is not host:port nor akka.tcp://system@host:port", seedsKey);
        const string providerKey = "akka.actor.provider";
        var provider = config.GetString(providerKey);
        if (!provider.Contains(',', StringComparison.Ordinal) && !provider.Equals("remote", StringComparison.OrdinalIgnoreCase)
            && !provider.Equals("cluster", StringComparison.OrdinalIgnoreCase))
            throw new ConfigException($"Configuration key '{providerKey}': a node needs 'remote' or 'cluster', got '{provider}'", providerKey);
    }

    public static ActorSystem Create(Config config, string respEndpoint, ILoggerFactory loggerFactory, bool rejoining = false)
    {
        var remoting = ReadRemoting(config);
        var cluster = IsClusterMember(config);
        var scheme = "akka." + (remoting.FaultInjection ? "trttl." : "") + (remoting.TlsCertificate is null ? "tcp" : "ssl.tcp");
        var seeds = config.GetStringList("akka.cluster.seed-nodes").Select(s => SeedAddress(s, scheme)).ToList();
        if (rejoining && seeds.Count > 1) seeds.RemoveAll(seed => IsSelf(seed, config));
        var roles = config.GetStringList("akka.cluster.roles").Append(ClusterMembershipFeed.RespRolePrefix + respEndpoint).Distinct();
        var overlay = ConfigurationFactory.ParseString($$"""
            akka {
              loggers = ["ActorReplication.Node.Hosting.AkkaLogBridge, ActorReplication.Node"]
              actor.provider = {{(cluster ? "cluster" : "remote")}}
              remote.dot-netty.tcp {
                enable-ssl = {{(remoting.TlsCertificate is null ? "off" : "on")}}
                applied-adapters = {{(remoting.FaultInjection ? "[\"trttl\"]" : "[]")}}
              }
              cluster {
                seed-nodes = [{{string.Join(", ", seeds.Select(Quote))}}]
                roles = [{{string.Join(", ", roles.Select(Quote))}}]
              }
            }
            """);
        var full = overlay.WithFallback(config)
            .WithFallback(KeyspaceDispatcher.Config)
            .WithFallback(ReplicationSerialization.Config)
            .WithFallback(TopologyMessageSerializer.Config)
            .WithFallback(ClientSerialization.Config);
        var setups = new List<Setup> { BootstrapSetup.Create().WithConfig(full), new LoggerFactorySetup(loggerFactory) };
        if (remoting.TlsCertificate is { } path) setups.Add(PinnedCertificateTls.Setup(path, remoting.TlsPassword));
        return ActorSystem.Create(SystemName, ActorSystemSetup.Create([.. setups]));
    }

    private static bool IsSelf(string seed, Config config) =>
        Address.TryParse(seed, out var address)
        && string.Equals(address.Host, config.GetString("akka.remote.dot-netty.tcp.hostname"), StringComparison.OrdinalIgnoreCase)
        && address.Port == config.GetInt("akka.remote.dot-netty.tcp.port");

    /// <summary>A seed as written in the file (<c>host:port</c> or a full address) under this node's scheme.</summary>
    private static string SeedAddress(string seed, string scheme)
    {
        var at = seed.IndexOf("://", StringComparison.Ordinal);
        return at < 0 ? $"{scheme}://{SystemName}@{seed}" : scheme + seed[at..];
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}

/// <summary>The node's <c>remoting</c> section: TLS with a pinned certificate, and fault injection for tests.</summary>
public sealed record RemotingOptions(string? TlsCertificate, string TlsPassword, bool FaultInjection);
