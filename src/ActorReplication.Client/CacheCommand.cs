using System.Globalization;
using ActorReplication.Client.Routing;

namespace ActorReplication.Client;

/// <summary>
/// One command of a pipeline (<see cref="CacheClient.PipelineAsync"/>): its arguments and whether it reads or writes
/// (which routes it and decides what may be retried). The factories cover the usual commands; any other data command
/// is <c>new CacheCommand(RequestKind.Read, ["GETRANGE", "k", "0", "3"])</c>.
/// </summary>
public sealed record CacheCommand(RequestKind Kind, IReadOnlyList<string> Args)
{
    public static CacheCommand Get(string key) => new(RequestKind.Read, ["GET", key]);

    public static CacheCommand Set(string key, string value, TimeSpan? expiry = null) => expiry is { } ttl
        ? new(RequestKind.Write, ["SET", key, value, "PX", Ms(ttl)])
        : new(RequestKind.Write, ["SET", key, value]);

    public static CacheCommand Del(params string[] keys) => new(RequestKind.Write, ["DEL", .. keys]);

    public static CacheCommand Incr(string key) => new(RequestKind.Write, ["INCR", key]);

    public static CacheCommand IncrBy(string key, long increment) => new(RequestKind.Write, ["INCRBY", key, increment.ToString(CultureInfo.InvariantCulture)]);

    public static CacheCommand Expire(string key, TimeSpan expiry) => new(RequestKind.Write, ["PEXPIRE", key, Ms(expiry)]);

    public static CacheCommand HSet(string key, string field, string value) => new(RequestKind.Write, ["HSET", key, field, value]);

    public static CacheCommand HGet(string key, string field) => new(RequestKind.Read, ["HGET", key, field]);

    public static CacheCommand LPush(string key, params string[] values) => new(RequestKind.Write, ["LPUSH", key, .. values]);

    public static CacheCommand RPush(string key, params string[] values) => new(RequestKind.Write, ["RPUSH", key, .. values]);

    public static CacheCommand SAdd(string key, params string[] members) => new(RequestKind.Write, ["SADD", key, .. members]);

    internal static string Ms(TimeSpan t) => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
}
