using ActorReplication.Configuration;
using Akka.Configuration;

namespace ActorReplication.Remote;

/// <summary>The <c>remote</c> section of the config, read once at start. Keys are documented in hocon/reference/remote.conf.</summary>
public sealed record RemoteSettings(
    string Hostname,
    int Port,
    string PublicHostname,
    int MaximumFrameSize,
    string Secret,
    TimeSpan HeartbeatInterval,
    TimeSpan AcceptableHeartbeatPause,
    TimeSpan HandshakeTimeout,
    TimeSpan ReconnectBackoffMin,
    TimeSpan ReconnectBackoffMax,
    int OutboundQueueSize,
    int WriteBufferSize,
    TimeSpan ShutdownFlushTimeout,
    bool EnableFaultInjection)
{
    /// <summary>Handshake frames are small; a longer first frame means the peer is not a remoting node.</summary>
    internal const int MaximumHandshakeFrameSize = 16 * 1024;

    /// <summary>Wire protocol version this build speaks (handshake field 4). Tests may impersonate another.</summary>
    internal uint ProtocolVersion { get; init; } = RemoteTransport.ProtocolVersion;

    public static RemoteSettings FromConfig(Config config)
    {
        var remote = config.Section("remote");
        var hostname = remote.ReadString("hostname");
        if (string.IsNullOrWhiteSpace(hostname)) throw Bad("hostname", "must not be empty");
        var port = remote.ReadInt("port");
        if (port is < 0 or > 65535) throw Bad("port", $"must be 0..65535, not {port}");
        var frame = remote.ReadByteSize("maximum-frame-size");
        if (frame is < 32 * 1024 or > 1024L * 1024 * 1024) throw Bad("maximum-frame-size", $"must be 32kb..1gb, not {frame}");
        var min = Positive(remote, "reconnect-backoff-min");
        var max = Positive(remote, "reconnect-backoff-max");
        if (max < min) throw Bad("reconnect-backoff-max", "must not be less than reconnect-backoff-min");
        var interval = Positive(remote, "heartbeat-interval");
        var pause = Positive(remote, "acceptable-heartbeat-pause");
        if (pause < interval) throw Bad("acceptable-heartbeat-pause", "must not be less than heartbeat-interval");
        var queue = remote.ReadInt("outbound-queue-size");
        if (queue < 1) throw Bad("outbound-queue-size", $"must be positive, not {queue}");
        var writeBuffer = remote.ReadByteSize("write-buffer-size");
        if (writeBuffer is < 1024 or > 64L * 1024 * 1024) throw Bad("write-buffer-size", $"must be 1kb..64mb, not {writeBuffer}");
        return new RemoteSettings(
            Hostname: hostname,
            Port: port,
            PublicHostname: remote.ReadString("public-hostname"),
            MaximumFrameSize: (int)frame,
            Secret: remote.ReadString("secret"),
            HeartbeatInterval: interval,
            AcceptableHeartbeatPause: pause,
            HandshakeTimeout: Positive(remote, "handshake-timeout"),
            ReconnectBackoffMin: min,
            ReconnectBackoffMax: max,
            OutboundQueueSize: queue,
            WriteBufferSize: (int)writeBuffer,
            ShutdownFlushTimeout: remote.ReadTimeSpan("shutdown-flush-timeout"),
            EnableFaultInjection: remote.ReadBoolean("enable-fault-injection"));
    }

    /// <summary>The host put into this node's address.</summary>
    public string AdvertisedHostname => string.IsNullOrWhiteSpace(PublicHostname) ? Hostname : PublicHostname;

    private static TimeSpan Positive(ConfigSection remote, string key)
    {
        var value = remote.ReadTimeSpan(key);
        return value > TimeSpan.Zero ? value : throw Bad(key, $"must be positive, not {value}");
    }

    private static ConfigException Bad(string key, string problem) =>
        new($"Configuration key 'remote.{key}' {problem}", "remote." + key);
}
