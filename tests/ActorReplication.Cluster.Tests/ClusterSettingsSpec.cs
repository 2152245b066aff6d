using ActorReplication.Actors;
using ActorReplication.Cluster;
using ActorReplication.Configuration;
using Akka.Configuration;

namespace ActorReplication.Cluster.Tests;

public sealed class ClusterSettingsSpec
{
    [Fact]
    public void Defaults_must_be_akkas()
    {
        var s = ClusterSettings.FromConfig(Config.Empty);
        Assert.Empty(s.SeedNodes);
        Assert.Empty(s.Roles);
        Assert.Equal("", s.RespEndpoint);
        Assert.Equal(TimeSpan.FromSeconds(5), s.SeedNodeTimeout);
        Assert.Equal(TimeSpan.FromSeconds(10), s.RetryUnsuccessfulJoinAfter);
        Assert.Equal(1, s.MinNrOfMembers);
        Assert.Equal(TimeSpan.FromSeconds(1), s.GossipInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), s.LeaderActionsInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), s.UnreachableNodesReaperInterval);
        Assert.Equal(TimeSpan.FromHours(24), s.PruneGossipTombstonesAfter);
        Assert.Equal(DowningProvider.Off, s.DowningProvider);
        Assert.Equal(TimeSpan.FromSeconds(20), s.StableAfter);
        Assert.Null(s.KeepMajorityRole);
        Assert.Equal(new FailureDetectorSettings(TimeSpan.FromSeconds(1), 8.0, 1000, TimeSpan.FromMilliseconds(100),
            TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1), 5, TimeSpan.FromSeconds(1)), s.FailureDetector);
    }

    [Fact]
    public void Node_file_must_override_seed_nodes_roles_and_downing()
    {
        var s = ClusterSettings.FromConfig(HoconFiles.ParseString("""
            cluster {
              seed-nodes = ["ar.tcp://sys@10.0.0.1:2552", "ar.tcp://sys@10.0.0.2:2552"]
              roles = [replica, master-eligible]
              resp-endpoint = "10.0.0.1:6379"
              min-nr-of-members = 3
              downing-provider = keep-majority
              split-brain-resolver { stable-after = 7s, keep-majority-role = master-eligible }
              failure-detector { threshold = 12, acceptable-heartbeat-pause = 5s, heartbeat-interval = 500ms }
            }
            """));
        Assert.Equal(new[] { new Address("ar.tcp", "sys", "10.0.0.1", 2552), new Address("ar.tcp", "sys", "10.0.0.2", 2552) }, s.SeedNodes.ToArray());
        Assert.Equal(new[] { "master-eligible", "replica" }, s.Roles.ToArray());
        Assert.Equal("10.0.0.1:6379", s.RespEndpoint);
        Assert.Equal(3, s.MinNrOfMembers);
        Assert.Equal(DowningProvider.KeepMajority, s.DowningProvider);
        Assert.Equal(TimeSpan.FromSeconds(7), s.StableAfter);
        Assert.Equal("master-eligible", s.KeepMajorityRole);
        Assert.Equal(12.0, s.FailureDetector.Threshold);
        Assert.Equal(TimeSpan.FromSeconds(5), s.FailureDetector.AcceptableHeartbeatPause);
        Assert.Equal(TimeSpan.FromMilliseconds(500), s.FailureDetector.HeartbeatInterval);
        Assert.Equal(1000, s.FailureDetector.MaxSampleSize);
    }

    [Theory]
    [InlineData("cluster.seed-nodes = [\"not-an-address\"]", "cluster.seed-nodes")]
    [InlineData("cluster.seed-nodes = [\"ar://local-only\"]", "cluster.seed-nodes")]
    [InlineData("cluster.downing-provider = auto", "cluster.downing-provider")]
    [InlineData("cluster.resp-endpoint = nohost", "cluster.resp-endpoint")]
    [InlineData("cluster.min-nr-of-members = 0", "cluster.min-nr-of-members")]
    [InlineData("cluster.failure-detector.threshold = -1", "cluster.failure-detector.threshold")]
    [InlineData("cluster.gossip-interval = 0s", "cluster.gossip-interval")]
    [InlineData("cluster.failure-detector.max-sample-size = many", "max-sample-size")]
    public void Bad_value_must_fail_with_the_key_path(string hocon, string path)
    {
        var ex = Assert.Throws<ConfigException>(() => ClusterSettings.FromConfig(HoconFiles.ParseString(hocon, "node.conf")));
        Assert.Contains(path, ex.Message);
        // The path lets the node's loader name the file or option that set the key (ConfigLayers.Describe).
        Assert.EndsWith(path, ex.Path);
    }

    [Fact]
    public void Every_key_the_settings_read_must_be_documented_in_the_reference_file()
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot(), "hocon", "reference", "cluster.conf"));
        var lines = text.Split('\n');
        foreach (var key in new[] { "seed-nodes", "seed-node-timeout", "retry-unsuccessful-join-after", "roles", "resp-endpoint",
                     "min-nr-of-members", "gossip-interval", "leader-actions-interval", "unreachable-nodes-reaper-interval",
                     "periodic-tasks-initial-delay", "prune-gossip-tombstones-after", "downing-provider", "stable-after",
                     "keep-majority-role", "heartbeat-interval", "threshold", "max-sample-size", "min-std-deviation",
                     "acceptable-heartbeat-pause", "first-heartbeat-estimate", "monitored-by-nr-of-members", "expected-response-after" })
        {
            var index = Array.FindIndex(lines, l => l.TrimStart().StartsWith(key + " ", StringComparison.Ordinal));
            Assert.True(index > 0, $"{key} is not in cluster.conf");
            Assert.StartsWith("#", lines[index - 1].TrimStart());
        }
    }

    private static string RepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(dir, "ActorReplication.sln"))) dir = Path.GetDirectoryName(dir)!;
        return dir;
    }
}
