namespace ActorReplication.Cache.Tests.Dump;

/// <summary>A key built by <paramref name="Commands"/> on redis-server, its DUMP payload there (hex) and its DEBUG DIGEST-VALUE.</summary>
internal sealed record DumpSample(string Key, string[][] Commands, string PayloadHex, string Digest)
{
    public override string ToString() => Key;
}
