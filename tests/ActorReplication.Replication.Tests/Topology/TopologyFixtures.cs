using Akka.Actor;
using Akka.Cluster;
using ActorReplication.Replication.Topology;

namespace ActorReplication.Replication.Tests.Topology;

/// <summary>Members and states for the topology tests: node N is <c>akka.tcp://node@127.0.0.1:1637N</c>, RESP port 637N.</summary>
internal static class TopologyFixtures
{
    public static UniqueAddress Node(int n) => new(new Address("akka.tcp", "node", "127.0.0.1", 16370 + n), 1000 + n);

    public static string RespOf(int n) => $"127.0.0.1:{6370 + n}";

    public static ClusterMember Up(int n, int upNumber) => new ClusterMember(Node(n), MemberStatus.Up, upNumber, RespOf(n));

    public static NodeTopologyState State(int n, TopologyRole role, long epoch = 0, long offset = 0, int priority = 100, string group = "default",
        bool initialMaster = false, bool autoFailover = false, string? runId = null) =>
        new(Node(n).Address.ToString(), Node(n).Uid, group, role, "replid-" + n, offset, epoch, priority, RespOf(n), runId ?? $"run-{n}", "", false,
            initialMaster, autoFailover);

    public static TopologyCandidate Candidate(int n, int upNumber, TopologyRole role, long epoch = 0, long offset = 0, int priority = 100,
        bool initialMaster = false, string? runId = null) =>
        new(State(n, role, epoch, offset, priority, initialMaster: initialMaster, runId: runId), Up(n, upNumber));
}
