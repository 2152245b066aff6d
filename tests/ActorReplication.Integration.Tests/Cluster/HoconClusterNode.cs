using System.Globalization;
using System.Text.RegularExpressions;
using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Cluster;

/// <summary>
/// A node process started from a copy of one of the shipped HOCON files (<c>hocon/master.conf</c>,
/// <c>replica-1.conf</c>, <c>replica-2.conf</c>) in its own temp directory, with the shipped ports (RESP 6379-6381,
/// remote 16379-16381, wherever they appear: seeds, replicaof) replaced by free ones, and the test overrides appended.
/// </summary>
public sealed class HoconClusterNode : ServerProcess
{
    /// <summary>
    /// What the tests append to each copy: a faster failure detector and resolver than the defaults (heartbeat 200ms,
    /// acceptable pause 1s, stable-after 2s) and faster gossip and leader ticks, so a kill is handled in seconds.
    /// </summary>
    public const string FastOverrides = """

        # --- integration test overrides ---
        akka.cluster {
          seed-node-timeout = 2s
          retry-unsuccessful-join-after = 2s
          gossip-interval = 200ms
          leader-actions-interval = 200ms
          unreachable-nodes-reaper-interval = 200ms
          periodic-tasks-initial-delay = 200ms
          split-brain-resolver.stable-after = 2s
          failure-detector {
            heartbeat-interval = 200ms
            acceptable-heartbeat-pause = 1s
            expected-response-after = 500ms
          }
        }
        """;

    /// <summary>Append to the overrides for DEBUG REMOTE-BLACKHOLE (Akka's throttler: the address scheme becomes akka.trttl.tcp).</summary>
    public const string FaultInjection = "\nremoting.fault-injection = on\n";

    private static readonly int[] ShippedPorts = [6379, 6380, 6381, 16379, 16380, 16381];

    private HoconClusterNode(string name, ChildProcess process, int port, int remotePort, string directory, bool faultInjection)
        : base(process, port, directory, password: null)
    {
        Name = name;
        RemotePort = remotePort;
        _scheme = faultInjection ? "akka.trttl.tcp" : "akka.tcp";
    }

    private readonly string _scheme;

    public string Name { get; }

    public int RemotePort { get; }

    /// <summary>This node's cluster address, as INFO membership and MEMBER DOWN/LEAVE name it.</summary>
    public string Address => $"{_scheme}://node@127.0.0.1:{RemotePort}";

    /// <summary>Free ports for the six shipped ones (same order as <see cref="ShippedPorts"/>).</summary>
    public static IReadOnlyDictionary<int, int> FreePorts()
    {
        var map = new Dictionary<int, int>();
        var used = new HashSet<int>();
        foreach (var shipped in ShippedPorts)
        {
            int port;
            do port = FreePort.Next(); while (!used.Add(port));
            map[shipped] = port;
        }
        return map;
    }

    /// <summary>The shipped file <paramref name="name"/>.conf with its ports mapped, plus <paramref name="overrides"/>.</summary>
    public static string ConfigText(string name, IReadOnlyDictionary<int, int> ports, string overrides)
    {
        var text = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot, "hocon", name + ".conf"));
        text = Regex.Replace(text, @"(?<![0-9])(6379|6380|6381|16379|16380|16381)(?![0-9])",
            m => ports[int.Parse(m.Value, CultureInfo.InvariantCulture)].ToString(CultureInfo.InvariantCulture));
        return text + overrides;
    }

    /// <summary>Starts the node of <paramref name="name"/>.conf without waiting for it.</summary>
    public static HoconClusterNode Launch(string name, IReadOnlyDictionary<int, int> ports, string overrides = FastOverrides)
    {
        var directory = TestPaths.NewTempDirectory("ar-cluster-" + name);
        var file = Path.Combine(directory, name + ".conf");
        File.WriteAllText(file, ConfigText(name, ports, overrides));
        var shipped = name == "master" ? 6379 : 6379 + int.Parse(name["replica-".Length..], CultureInfo.InvariantCulture);
        var process = ChildProcess.Start("dotnet", [TestPaths.NodeDll, "--config", file], directory);
        return new HoconClusterNode(name, process, ports[shipped], ports[shipped + 10000], directory, overrides.Contains(FaultInjection, StringComparison.Ordinal));
    }

    /// <summary>master, replica-1 and replica-2 started together; returns once all three answer PING.</summary>
    public static async Task<HoconClusterNode[]> StartLocalClusterAsync(string overrides = FastOverrides)
    {
        var ports = FreePorts();
        var nodes = new[] { Launch("master", ports, overrides), Launch("replica-1", ports, overrides), Launch("replica-2", ports, overrides) };
        try
        {
            await Task.WhenAll(nodes.Select(n => n.WaitUntilReadyAsync(StartTimeout)));
            return nodes;
        }
        catch
        {
            foreach (var node in nodes) node.Dispose();
            throw;
        }
    }

    protected override string Describe() => $"{Name} on port {Port} (remote {RemotePort}, pid {Process.Id})";

    public override string ToString() => Describe();
}
