using ActorReplication.Client.Routing;
using ActorReplication.Resp;
using Akka.Actor;

namespace ActorReplication.Client.Actors;

/// <summary>
/// The messages of <see cref="CacheClientActor"/>: typed requests, each answered with the typed reply its
/// <see cref="Request"/> documents (carrying the request, so a <c>Tell</c>er can match it), or with a
/// <see cref="Status.Failure"/> holding the <see cref="CacheException"/> the async API would throw (so <c>Ask</c> throws it).
/// Local messages: they never cross the wire (the client actor speaks client.proto to the nodes).
/// </summary>
public static class CacheProtocol
{
    /// <summary>A command for the client actor; <see cref="RunAsync"/> runs it through the <see cref="CacheClient"/>.</summary>
    public abstract record Request : INoSerializationVerificationNeeded
    {
        internal abstract Task<Reply> RunAsync(CacheClient client);
    }

    /// <summary>Every reply names the request it answers.</summary>
    public abstract record Reply(Request Request) : INoSerializationVerificationNeeded;

    // Replies

    /// <summary>A string reply, null for Redis's nil (GET of a missing key, LPOP of an empty list).</summary>
    public sealed record Value(Request Request, string? Text) : Reply(Request);

    /// <summary>An integer reply (INCR's new value, how many were added or removed, a TTL).</summary>
    public sealed record Count(Request Request, long N) : Reply(Request);

    /// <summary>A yes/no reply (EXPIRE applied, SISMEMBER).</summary>
    public sealed record Flag(Request Request, bool Yes) : Reply(Request);

    /// <summary>OK.</summary>
    public sealed record Done(Request Request) : Reply(Request);

    /// <summary>A list of strings (MGET, LRANGE, SMEMBERS), nil elements as null.</summary>
    public sealed record Values(Request Request, IReadOnlyList<string?> Items) : Reply(Request);

    /// <summary>A hash's fields and values (HGETALL).</summary>
    public sealed record Fields(Request Request, IReadOnlyDictionary<string, string> Items) : Reply(Request);

    /// <summary>A pipeline's replies, in order, each a reply or its command's error.</summary>
    public sealed record Piped(Request Request, IReadOnlyList<PipelineReply> Replies) : Reply(Request);

    /// <summary>Any command's reply as RESP gives it (<see cref="Execute"/>).</summary>
    public sealed record Raw(Request Request, RespValue Reply) : Reply(Request);

    // Strings and keys

    /// <summary>GET → <see cref="Value"/>.</summary>
    public sealed record Get(string Key) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client) => new Value(this, await client.GetAsync(Key).ConfigureAwait(false));
    }

    /// <summary>SET [PX] → <see cref="Done"/>.</summary>
    public sealed record Set(string Key, string Text, TimeSpan? Expiry = null) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client)
        {
            await client.SetAsync(Key, Text, Expiry).ConfigureAwait(false);
            return new Done(this);
        }
    }

    /// <summary>DEL → <see cref="Count"/> (keys removed).</summary>
    public sealed record Del(IReadOnlyList<string> Keys) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client) => new Count(this, await client.DelAsync([.. Keys]).ConfigureAwait(false));
    }

    /// <summary>INCR → <see cref="Count"/> (the new value).</summary>
    public sealed record Incr(string Key) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client) => new Count(this, await client.IncrAsync(Key).ConfigureAwait(false));
    }

    /// <summary>INCRBY → <see cref="Count"/> (the new value).</summary>
    public sealed record IncrBy(string Key, long Increment) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client) => new Count(this, await client.IncrByAsync(Key, Increment).ConfigureAwait(false));
    }

    /// <summary>PEXPIRE → <see cref="Flag"/> (the key exists and got the expiry).</summary>
    public sealed record Expire(string Key, TimeSpan Expiry) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client) => new Flag(this, await client.ExpireAsync(Key, Expiry).ConfigureAwait(false));
    }

    /// <summary>TTL → <see cref="Count"/> (seconds; -2 no key, -1 no expiry).</summary>
    public sealed record Ttl(string Key) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client) => new Count(this, await client.TtlAsync(Key).ConfigureAwait(false));
    }

    /// <summary>MGET → <see cref="Values"/>.</summary>
    public sealed record MGet(IReadOnlyList<string> Keys) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client) => new Values(this, await client.MGetAsync([.. Keys]).ConfigureAwait(false));
    }

    /// <summary>MSET → <see cref="Done"/>.</summary>
    public sealed record MSet(IReadOnlyList<KeyValuePair<string, string>> Pairs) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client)
        {
            await client.MSetAsync(Pairs).ConfigureAwait(false);
            return new Done(this);
        }
    }

    // Hashes

    /// <summary>HSET key field value → <see cref="Count"/> (1 when the field is new).</summary>
    public sealed record HSet(string Key, string Field, string Text) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client) => new Count(this, await client.HSetAsync(Key, Field, Text).ConfigureAwait(false));
    }

    /// <summary>HGET → <see cref="Value"/>.</summary>
    public sealed record HGet(string Key, string Field) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client) => new Value(this, await client.HGetAsync(Key, Field).ConfigureAwait(false));
    }

    /// <summary>HGETALL → <see cref="Fields"/>.</summary>
    public sealed record HGetAll(string Key) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client) => new Fields(this, await client.HGetAllAsync(Key).ConfigureAwait(false));
    }

    /// <summary>HDEL → <see cref="Count"/> (fields removed).</summary>
    public sealed record HDel(string Key, IReadOnlyList<string> FieldNames) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client) => new Count(this, await client.HDelAsync(Key, [.. FieldNames]).ConfigureAwait(false));
    }

    // Lists

    /// <summary>LPUSH → <see cref="Count"/> (the list's length).</summary>
    public sealed record LPush(string Key, IReadOnlyList<string> Items) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client) => new Count(this, await client.LPushAsync(Key, [.. Items]).ConfigureAwait(false));
    }

    /// <summary>RPUSH → <see cref="Count"/> (the list's length).</summary>
    public sealed record RPush(string Key, IReadOnlyList<string> Items) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client) => new Count(this, await client.RPushAsync(Key, [.. Items]).ConfigureAwait(false));
    }

    /// <summary>LPOP → <see cref="Value"/>.</summary>
    public sealed record LPop(string Key) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client) => new Value(this, await client.LPopAsync(Key).ConfigureAwait(false));
    }

    /// <summary>RPOP → <see cref="Value"/>.</summary>
    public sealed record RPop(string Key) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client) => new Value(this, await client.RPopAsync(Key).ConfigureAwait(false));
    }

    /// <summary>LRANGE → <see cref="Values"/>.</summary>
    public sealed record LRange(string Key, long Start, long Stop) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client) => new Values(this, await client.LRangeAsync(Key, Start, Stop).ConfigureAwait(false));
    }

    // Sets

    /// <summary>SADD → <see cref="Count"/> (members added).</summary>
    public sealed record SAdd(string Key, IReadOnlyList<string> Members) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client) => new Count(this, await client.SAddAsync(Key, [.. Members]).ConfigureAwait(false));
    }

    /// <summary>SREM → <see cref="Count"/> (members removed).</summary>
    public sealed record SRem(string Key, IReadOnlyList<string> Members) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client) => new Count(this, await client.SRemAsync(Key, [.. Members]).ConfigureAwait(false));
    }

    /// <summary>SMEMBERS → <see cref="Values"/>.</summary>
    public sealed record SMembers(string Key) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client) => new Values(this, await client.SMembersAsync(Key).ConfigureAwait(false));
    }

    /// <summary>SISMEMBER → <see cref="Flag"/>.</summary>
    public sealed record SIsMember(string Key, string Member) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client) => new Flag(this, await client.SIsMemberAsync(Key, Member).ConfigureAwait(false));
    }

    /// <summary>Several commands in one round trip (<see cref="CacheClient.PipelineAsync"/>) → <see cref="Piped"/>.</summary>
    public sealed record Pipeline(IReadOnlyList<CacheCommand> Commands) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client) => new Piped(this, await client.PipelineAsync(Commands).ConfigureAwait(false));
    }

    /// <summary>Any data command (<see cref="CacheClient.ExecuteAsync(RequestKind, string[])"/>) → <see cref="Raw"/>.</summary>
    public sealed record Execute(RequestKind Kind, IReadOnlyList<string> Args) : Request
    {
        internal override async Task<Reply> RunAsync(CacheClient client) => new Raw(this, await client.ExecuteAsync(Kind, [.. Args]).ConfigureAwait(false));
    }
}
