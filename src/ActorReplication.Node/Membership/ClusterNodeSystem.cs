using System.Globalization;
using ActorReplication.Client.Remoting;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;

namespace ActorReplication.Node.Membership;

/// <summary>
/// Starts a node's Akka.NET ActorSystem as a cluster member: Akka.Remote on DotNetty TCP, Akka.Cluster with the
/// split-brain resolver's keep-majority (what our own <c>downing-provider = keep-majority</c> did), Hyperion for
/// messages without a protocol serializer, and TLS with a pinned certificate when configured.
/// </summary>
public static class ClusterNodeSystem
{
    public static ActorSystem Create(ClusterNodeOptions options, Config? fallback = null)
    {
        var config = BuildConfig(options);
        if (fallback is not null) config = config.WithFallback(fallback);
        var bootstrap = BootstrapSetup.Create().WithConfig(config);
        ActorSystemSetup setup = options.Tls is { } tls ? ActorSystemSetup.Create(bootstrap, PinnedCertificateTls.Setup(tls.Path, tls.Password)) : ActorSystemSetup.Create(bootstrap);
        return ActorSystem.Create(options.SystemName, setup);
    }

    /// <summary>The remoting address of a "host:port" seed for this cluster's system name and transport.</summary>
    public static string SeedAddress(ClusterNodeOptions options, string hostPort) =>
        $"{Scheme(options)}://{options.SystemName}@{hostPort}";

    /// <summary>The address scheme: TLS makes it <c>ssl.tcp</c>, the throttler adds <c>trttl</c>.</summary>
    public static string Scheme(ClusterNodeOptions options) =>
        "akka." + (options.FaultInjection ? "trttl." : "") + (options.Tls is null ? "tcp" : "ssl.tcp");

    public static Config BuildConfig(ClusterNodeOptions options)
    {
        var seeds = string.Join(", ", options.SeedNodes.Select(s => Quote(SeedAddress(options, s))));
        var roles = string.Join(", ", options.Roles.Select(Quote));
        var adapters = options.FaultInjection ? "[\"trttl\"]" : "[]";
        return ConfigurationFactory.ParseString(string.Create(CultureInfo.InvariantCulture, $$"""
            akka {
              loglevel = WARNING
              actor {
                provider = cluster
                serializers.hyperion = "Akka.Serialization.HyperionSerializer, Akka.Serialization.Hyperion"
                serialization-bindings { "System.Object" = hyperion }
              }
              remote.dot-netty.tcp {
                hostname = {{Quote(options.Host)}}
                port = {{options.Port}}
                enable-ssl = {{(options.Tls is null ? "off" : "on")}}
                applied-adapters = {{adapters}}
              }
              cluster {
                seed-nodes = [{{seeds}}]
                roles = [{{roles}}]
                downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
                split-brain-resolver {
                  active-strategy = keep-majority
                  stable-after = {{(long)options.StableAfter.TotalMilliseconds}}ms
                }
                failure-detector.acceptable-heartbeat-pause = {{(long)options.AcceptableHeartbeatPause.TotalMilliseconds}}ms
                run-coordinated-shutdown-when-down = on
              }
              coordinated-shutdown.exit-clr = off
            }
            """));
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
