using ActorReplication.Actors;
using ActorReplication.Configuration;
using Akka.Configuration;

namespace ActorReplication.Remote.Tests;

public sealed class RemoteSettingsSpec
{
    private static RemoteSettings Read(string overrides) =>
        RemoteSettings.FromConfig(HoconFiles.ParseString(overrides).WithFallback(RemoteTransport.DefaultConfig));

    [Fact]
    public void The_reference_config_must_give_the_documented_defaults()
    {
        var settings = Read("");
        Assert.Equal("127.0.0.1", settings.Hostname);
        Assert.Equal(2552, settings.Port);
        Assert.Equal("127.0.0.1", settings.AdvertisedHostname);
        Assert.Equal(4 * 1024 * 1024, settings.MaximumFrameSize);
        Assert.Equal("", settings.Secret);
        Assert.Equal(TimeSpan.FromSeconds(1), settings.HeartbeatInterval);
        Assert.Equal(TimeSpan.FromSeconds(10), settings.AcceptableHeartbeatPause);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.HandshakeTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(100), settings.ReconnectBackoffMin);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.ReconnectBackoffMax);
        Assert.Equal(100_000, settings.OutboundQueueSize);
        Assert.Equal(64 * 1024, settings.WriteBufferSize);
        Assert.Equal(TimeSpan.FromSeconds(2), settings.ShutdownFlushTimeout);
        Assert.False(settings.EnableFaultInjection);
        Assert.Equal("10.0.0.5", Read("remote.public-hostname = \"10.0.0.5\"").AdvertisedHostname);
    }

    [Theory]
    [InlineData("remote.port = 70000", "remote.port")]
    [InlineData("remote.maximum-frame-size = 1kb", "remote.maximum-frame-size")]
    [InlineData("remote.reconnect-backoff-min = 10s", "remote.reconnect-backoff-max")]
    [InlineData("remote.heartbeat-interval = 0s", "remote.heartbeat-interval")]
    [InlineData("remote.acceptable-heartbeat-pause = 10ms", "remote.acceptable-heartbeat-pause")]
    [InlineData("remote.outbound-queue-size = 0", "remote.outbound-queue-size")]
    [InlineData("remote.hostname = \"\"", "remote.hostname")]
    public void A_bad_value_must_fail_at_start_naming_the_key(string config, string key)
    {
        var ex = Assert.Throws<ConfigException>(() => Read(config));
        Assert.Contains(key, ex.Message);
    }

    [Fact]
    public void Every_key_of_remote_conf_must_carry_a_comment()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "remote.conf"));
        var keys = RemoteTransport.DefaultConfig.Section("remote").Keys();
        Assert.Equal(14, keys.Count);
        foreach (var key in keys)
        {
            var at = Array.FindIndex(lines, l => l.TrimStart().StartsWith(key + " =", StringComparison.Ordinal));
            Assert.True(at > 0, $"remote.{key} is not in remote.conf");
            // A comment may document a group of adjacent keys (reconnect-backoff-min and -max).
            var above = lines[..at].Reverse().SkipWhile(l => l.Contains(" = ", StringComparison.Ordinal) && !l.TrimStart().StartsWith('#')).First().TrimStart();
            Assert.True(above.StartsWith('#'), $"remote.{key} has no comment above it");
        }
    }

    [Fact]
    public async Task Start_must_be_idempotent_and_bind_the_configured_interface()
    {
        var system = ActorSystem.Create("settings", HoconFiles.ParseString("remote.port = 0"));
        try
        {
            Assert.Null(RemoteTransport.Get(system));
            var first = RemoteTransport.Start(system);
            Assert.Same(first, RemoteTransport.Start(system));
            Assert.Same(first, RemoteTransport.Get(system));
            Assert.Same(first, system.RemoteProvider);
            Assert.True(system.IsLocalAddress(first.Address));
            Assert.NotNull(system.SerializationVerifier);
        }
        finally
        {
            await system.Terminate();
        }
        await RemoteTransport.Get(system)!.WhenStopped.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
