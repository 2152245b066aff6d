namespace ActorReplication.Remote;

/// <summary>Frame and byte counters of a node's remoting, over all links it has had; and how many associations are up now.</summary>
public sealed record RemoteStatistics(long FramesSent, long BytesSent, long FramesReceived, long BytesReceived, int ActiveAssociations);
