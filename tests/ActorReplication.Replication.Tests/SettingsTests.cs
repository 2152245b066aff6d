using ActorReplication.Hocon;

namespace ActorReplication.Replication.Tests;

public class SettingsTests
{
    [Fact]
    public void The_reference_config_gives_redis_defaults()
    {
        var s = ReplicationSettings.Default;
        Assert.Equal(1024 * 1024, s.BacklogSize);
        Assert.Equal(TimeSpan.FromSeconds(3600), s.BacklogTtl);
        Assert.Equal(TimeSpan.FromSeconds(60), s.Timeout);
        Assert.Equal(TimeSpan.FromSeconds(10), s.PingReplicaPeriod);
        Assert.Equal(TimeSpan.FromSeconds(5), s.DisklessSyncDelay);
        Assert.Equal(256L * 1024 * 1024, s.OutputBufferHardLimit);
        Assert.Equal(64L * 1024 * 1024, s.OutputBufferSoftLimit);
        Assert.Equal(TimeSpan.FromSeconds(60), s.OutputBufferSoftSeconds);
        Assert.True(s.ReplicaReadOnly);
        Assert.True(s.ReplicaServeStaleData);
        Assert.Equal(100, s.ReplicaPriority);
        Assert.Null(s.ReplicaOf);
        Assert.Equal(64 * 1024, s.SnapshotChunkSize);
    }

    [Fact]
    public void A_node_file_overrides_only_what_differs()
    {
        var s = ReplicationSettings.FromConfig(Config.ParseString("replication { replicaof = \"10.0.0.1 6379\", repl-backlog-size = 10mb }"));
        Assert.Equal("10.0.0.1 6379", s.ReplicaOf);
        Assert.Equal(10L * 1024 * 1024, s.BacklogSize);
        Assert.Equal(TimeSpan.FromSeconds(60), s.Timeout);
    }

    [Theory]
    [InlineData("replication.replicaof = \"nohost\"", "replication.replicaof")]
    [InlineData("replication.repl-timeout = 0s", "replication.repl-timeout")]
    [InlineData("replication.repl-diskless-sync = no", "replication.repl-diskless-sync")]
    public void A_bad_value_fails_with_its_key(string hocon, string key)
    {
        var ex = Assert.Throws<ConfigException>(() => ReplicationSettings.FromConfig(Config.ParseString(hocon)));
        Assert.Contains(key, ex.Message);
    }
}
