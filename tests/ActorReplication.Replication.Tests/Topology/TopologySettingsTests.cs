using ActorReplication.Configuration;
using ActorReplication.Replication.Topology;
using Akka.Configuration;

namespace ActorReplication.Replication.Tests.Topology;

public sealed class TopologySettingsTests
{
    [Fact]
    public void Off_by_default()
    {
        var s = TopologySettings.FromConfig(Config.Empty);
        Assert.Equal((false, null, false, false, TimeSpan.FromSeconds(1)), (s.Enabled, s.Group, s.InitialMaster, s.AutoFailover, s.Interval));
    }

    [Theory]
    [InlineData("cluster", "default")]
    [InlineData("role:cache-a", "cache-a")]
    public void Follow_names_the_group(string follow, string group)
    {
        var s = TopologySettings.FromConfig(HoconFiles.ParseString($$"""replication { follow = "{{follow}}", initial-master = on, auto-failover = on, topology-interval = 200ms }"""));
        Assert.Equal((true, group, true, true, TimeSpan.FromMilliseconds(200)), (s.Enabled, s.Group, s.InitialMaster, s.AutoFailover, s.Interval));
    }

    [Theory]
    [InlineData("""replication.follow = "role:" """, "Configuration key 'replication.follow' must be \"\", \"cluster\" or \"role:<group>\", not \"role:\"")]
    [InlineData("""replication.follow = "master" """, "Configuration key 'replication.follow' must be \"\", \"cluster\" or \"role:<group>\", not \"master\"")]
    [InlineData("""replication { follow = cluster, replicaof = "127.0.0.1:6379" }""",
        "Configuration keys 'replication.follow' and 'replication.replicaof' exclude each other: the cluster decides whom a node follows")]
    [InlineData("""replication.topology-interval = 0s""", "Configuration key 'replication.topology-interval' has value 00:00:00, which is out of range")]
    public void Bad_values_fail_with_the_key(string hocon, string message)
    {
        Assert.Equal(message, Assert.Throws<ConfigException>(() => TopologySettings.FromConfig(HoconFiles.ParseString(hocon))).Message);
    }
}
