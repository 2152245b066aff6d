using ActorReplication.Hocon;

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
        var remote = config.GetConfig("remote");
        var hostname = remote.GetString("hostname");
        if (string.IsNullOrWhiteSpace(hostname)) throw Bad(config, "hostname", "must not be empty");
        var port = remote.GetInt("port");
        if (port is < 0 or > 65535) throw Bad(config, "port", $"must be 0..65535, not {port}");
        var frame = remote.GetByteSize("maximum-frame-size");
        if (frame is < 32 * 1024 or > 1024L * 1024 * 1024) throw Bad(config, "maximum-frame-size", $"must be 32kb..1gb, not {frame}");
        var min = Positive(config, remote, "reconnect-backoff-min");
        var max = Positive(config, remote, "reconnect-backoff-max");
        if (max < min) throw Bad(config, "reconnect-backoff-max", "must not be less than reconnect-backoff-min");
        var interval = Positive(config, remote, "heartbeat-interval");
        var pause = Positive(config, remote, "acceptable-heartbeat-pause");
        if (pause < interval) throw Bad(config, "acceptable-heartbeat-pause", "must not be less than heartbeat-interval");
        var queue = remote.GetInt("outbound-queue-size");
        if (queue < 1) throw Bad(config, "outbound-queue-size", $"must be positive, not {queue}");
        var writeBuffer = remote.GetByteSize("write-buffer-size");
        if (writeBuffer is < 1024 or > 64L * 1024 * 1024) throw Bad(config, "write-buffer-size", $"must be 1kb..64mb, not {writeBuffer}");
        return new RemoteSettings(
            Hostname: hostname,
            Port: port,
            PublicHostname: remote.GetString("public-hostname"),
            MaximumFrameSize: (int)frame,
            Secret: remote.GetString("secret"),
            HeartbeatInterval: interval,
            AcceptableHeartbeatPause: pause,
            HandshakeTimeout: Positive(config, remote, "handshake-timeout"),
            ReconnectBackoffMin: min,
            ReconnectBackoffMax: max,
            OutboundQueueSize: queue,
            WriteBufferSize: (int)writeBuffer,
            ShutdownFlushTimeout: remote.GetTimeSpan("shutdown-flush-timeout"),
            EnableFaultInjection: remote.GetBoolean("enable-fault-injection"));
    }

    /// <summary>The host put into this node's address.</summary>
    public string AdvertisedHostname => string.IsNullOrWhiteSpace(PublicHostname) ? Hostname : PublicHostname;

    private static TimeSpan Positive(Config root, Config remote, string key)
    {
        var value = remote.GetTimeSpan(key);
        return value > TimeSpan.Zero ? value : throw Bad(root, key, $"must be positive, not {value}");
    }

    private static ConfigException Bad(Config root, string key, string problem) =>
        new($"Configuration key 'remote.{key}' {problem} ({root.GetOrigin("remote." + key)})");
}
