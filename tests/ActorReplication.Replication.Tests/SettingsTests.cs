using ActorReplication.Configuration;
using Akka.Configuration;

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
        Assert.Equal(TimeSpan.Zero, s.ReconnectDelay);
    }

    [Theory]
    [InlineData("10.0.0.1 6379", "10.0.0.1", 6379)]
    [InlineData("127.0.0.1:6380", "127.0.0.1", 6380)]
    [InlineData("  redis.example   7000 ", "redis.example", 7000)]
    public void Replicaof_is_host_port_or_host_colon_port(string text, string host, int port)
    {
        var s = ReplicationSettings.FromConfig(HoconFiles.ParseString($"replication.replicaof = \"{text}\""));
        Assert.Equal(new Replica.MasterEndpoint(host, port), Replica.MasterEndpoint.TryParse(s.ReplicaOf!));
    }

    [Fact]
    public void A_node_file_overrides_only_what_differs()
    {
        var s = ReplicationSettings.FromConfig(HoconFiles.ParseString("replication { replicaof = \"10.0.0.1 6379\", repl-backlog-size = 10mb }"));
        Assert.Equal("10.0.0.1 6379", s.ReplicaOf);
        Assert.Equal(10L * 1024 * 1024, s.BacklogSize);
        Assert.Equal(TimeSpan.FromSeconds(60), s.Timeout);
    }

    [Theory]
    [InlineData("replication.replicaof = \"nohost\"", "replication.replicaof")]
    [InlineData("replication.replicaof = \"host:0\"", "replication.replicaof")]
    [InlineData("replication.replicaof = \"host 6379 extra\"", "replication.replicaof")]
    [InlineData("replication.reconnect-delay = -1s", "replication.reconnect-delay")]
    [InlineData("replication.repl-timeout = 0s", "replication.repl-timeout")]
    [InlineData("replication.repl-diskless-sync = no", "replication.repl-diskless-sync")]
    public void A_bad_value_fails_with_its_key(string hocon, string key)
    {
        var ex = Assert.Throws<ConfigException>(() => ReplicationSettings.FromConfig(HoconFiles.ParseString(hocon)));
        Assert.Contains(key, ex.Message);
    }
}
