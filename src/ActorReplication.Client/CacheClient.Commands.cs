using System.Globalization;
using ActorReplication.Client.Routing;
using ActorReplication.Resp;

namespace ActorReplication.Client;

/// <summary>The typed commands: strings and keys, expiry, hashes, lists, sets. Values are UTF-8 strings; replies as Redis gives them.</summary>
public sealed partial class CacheClient
{
    private static readonly RequestKind R = RequestKind.Read;
    private static readonly RequestKind W = RequestKind.Write;

    // Strings and keys

    public async Task<string?> GetAsync(string key) => Text(await ExecuteAsync(R, "GET", key));

    /// <summary>SET key value [PX ms]; <paramref name="expiry"/> null keeps the key forever.</summary>
    public Task SetAsync(string key, string value, TimeSpan? expiry = null) => expiry is { } ttl
        ? ExecuteAsync(W, "SET", key, value, "PX", Ms(ttl))
        : ExecuteAsync(W, "SET", key, value);

    public async Task<long> DelAsync(params string[] keys) => (await ExecuteAsync(W, ["DEL", .. keys])).Integer;

    public async Task<long> IncrAsync(string key) => (await ExecuteAsync(W, "INCR", key)).Integer;

    public async Task<long> IncrByAsync(string key, long increment) =>
        (await ExecuteAsync(W, "INCRBY", key, increment.ToString(CultureInfo.InvariantCulture))).Integer;

    /// <summary>PEXPIRE: true when the key exists and got the expiry.</summary>
    public async Task<bool> ExpireAsync(string key, TimeSpan expiry) => (await ExecuteAsync(W, "PEXPIRE", key, Ms(expiry))).Integer == 1;

    /// <summary>TTL in seconds, as Redis answers it: -2 when the key does not exist, -1 when it has no expiry.</summary>
    public async Task<long> TtlAsync(string key) => (await ExecuteAsync(R, "TTL", key)).Integer;

    public async Task<long> DecrAsync(string key) => (await ExecuteAsync(W, "DECR", key)).Integer;

    public async Task<long> DecrByAsync(string key, long decrement) =>
        (await ExecuteAsync(W, "DECRBY", key, decrement.ToString(CultureInfo.InvariantCulture))).Integer;

    /// <summary>APPEND: the string's length afterwards.</summary>
    public async Task<long> AppendAsync(string key, string value) => (await ExecuteAsync(W, "APPEND", key, value)).Integer;

    /// <summary>SET key value NX [PX ms]: true when the key did not exist and was set.</summary>
    public async Task<bool> SetIfNotExistsAsync(string key, string value, TimeSpan? expiry = null) => !(expiry is { } ttl
        ? await ExecuteAsync(W, "SET", key, value, "NX", "PX", Ms(ttl))
        : await ExecuteAsync(W, "SET", key, value, "NX")).IsNull;

    /// <summary>GETDEL: the value, and the key is gone.</summary>
    public async Task<string?> GetDelAsync(string key) => Text(await ExecuteAsync(W, "GETDEL", key));

    /// <summary>EXISTS: how many of the keys exist (a key named twice counts twice, as in Redis).</summary>
    public async Task<long> ExistsAsync(params string[] keys) => (await ExecuteAsync(R, ["EXISTS", .. keys])).Integer;

    // Expiry

    /// <summary>PEXPIREAT: true when the key exists and got the expiry.</summary>
    public async Task<bool> ExpireAtAsync(string key, DateTimeOffset at) =>
        (await ExecuteAsync(W, "PEXPIREAT", key, at.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture))).Integer == 1;

    /// <summary>PERSIST: true when the key had an expiry and lost it.</summary>
    public async Task<bool> PersistAsync(string key) => (await ExecuteAsync(W, "PERSIST", key)).Integer == 1;

    /// <summary>PTTL: the time left, or null when the key does not exist or has no expiry.</summary>
    public async Task<TimeSpan?> PTtlAsync(string key)
    {
        var ms = (await ExecuteAsync(R, "PTTL", key)).Integer;
        return ms < 0 ? null : TimeSpan.FromMilliseconds(ms);
    }

    public async Task<string?[]> MGetAsync(params string[] keys) => Texts(await ExecuteAsync(R, ["MGET", .. keys]));

    public Task MSetAsync(IEnumerable<KeyValuePair<string, string>> pairs) =>
        ExecuteAsync(W, ["MSET", .. pairs.SelectMany(p => new[] { p.Key, p.Value })]);

    // Hashes

    /// <summary>HSET key field value: 1 when the field is new.</summary>
    public async Task<long> HSetAsync(string key, string field, string value) => (await ExecuteAsync(W, "HSET", key, field, value)).Integer;

    public async Task<long> HSetAsync(string key, IEnumerable<KeyValuePair<string, string>> fields) =>
        (await ExecuteAsync(W, ["HSET", key, .. fields.SelectMany(p => new[] { p.Key, p.Value })])).Integer;

    public async Task<string?> HGetAsync(string key, string field) => Text(await ExecuteAsync(R, "HGET", key, field));

    public async Task<Dictionary<string, string>> HGetAllAsync(string key)
    {
        var items = (await ExecuteAsync(R, "HGETALL", key)).Items;
        var result = new Dictionary<string, string>(items.Count / 2, StringComparer.Ordinal);
        for (var i = 0; i + 1 < items.Count; i += 2) result[items[i].AsString()!] = items[i + 1].AsString()!;
        return result;
    }

    /// <summary>HINCRBY: the field's new value.</summary>
    public async Task<long> HIncrByAsync(string key, string field, long increment) =>
        (await ExecuteAsync(W, "HINCRBY", key, field, increment.ToString(CultureInfo.InvariantCulture))).Integer;

    public async Task<bool> HExistsAsync(string key, string field) => (await ExecuteAsync(R, "HEXISTS", key, field)).Integer == 1;

    public async Task<long> HLenAsync(string key) => (await ExecuteAsync(R, "HLEN", key)).Integer;

    public async Task<long> HDelAsync(string key, params string[] fields) => (await ExecuteAsync(W, ["HDEL", key, .. fields])).Integer;

    // Lists

    public async Task<long> LPushAsync(string key, params string[] values) => (await ExecuteAsync(W, ["LPUSH", key, .. values])).Integer;

    public async Task<long> RPushAsync(string key, params string[] values) => (await ExecuteAsync(W, ["RPUSH", key, .. values])).Integer;

    public async Task<string?> LPopAsync(string key) => Text(await ExecuteAsync(W, "LPOP", key));

    public async Task<string?> RPopAsync(string key) => Text(await ExecuteAsync(W, "RPOP", key));

    public async Task<string?[]> LRangeAsync(string key, long start, long stop) =>
        Texts(await ExecuteAsync(R, "LRANGE", key, start.ToString(CultureInfo.InvariantCulture), stop.ToString(CultureInfo.InvariantCulture)));

    public async Task<long> LLenAsync(string key) => (await ExecuteAsync(R, "LLEN", key)).Integer;

    /// <summary>LINDEX: the element at <paramref name="index"/> (negative from the end), or null.</summary>
    public async Task<string?> LIndexAsync(string key, long index) =>
        Text(await ExecuteAsync(R, "LINDEX", key, index.ToString(CultureInfo.InvariantCulture)));

    /// <summary>LSET: replaces the element at <paramref name="index"/>; Redis's "ERR index out of range" when there is none.</summary>
    public Task LSetAsync(string key, long index, string value) =>
        ExecuteAsync(W, "LSET", key, index.ToString(CultureInfo.InvariantCulture), value);

    /// <summary>LREM: removes up to |count| elements equal to <paramref name="value"/> (from the head when count &gt; 0, the tail when &lt; 0, all when 0).</summary>
    public async Task<long> LRemAsync(string key, long count, string value) =>
        (await ExecuteAsync(W, "LREM", key, count.ToString(CultureInfo.InvariantCulture), value)).Integer;

    /// <summary>LTRIM: keeps only the elements from <paramref name="start"/> to <paramref name="stop"/>.</summary>
    public Task LTrimAsync(string key, long start, long stop) =>
        ExecuteAsync(W, "LTRIM", key, start.ToString(CultureInfo.InvariantCulture), stop.ToString(CultureInfo.InvariantCulture));

    // Sets

    public async Task<long> SAddAsync(string key, params string[] members) => (await ExecuteAsync(W, ["SADD", key, .. members])).Integer;

    public async Task<long> SRemAsync(string key, params string[] members) => (await ExecuteAsync(W, ["SREM", key, .. members])).Integer;

    public async Task<string?[]> SMembersAsync(string key) => Texts(await ExecuteAsync(R, "SMEMBERS", key));

    public async Task<bool> SIsMemberAsync(string key, string member) => (await ExecuteAsync(R, "SISMEMBER", key, member)).Integer == 1;

    public async Task<long> SCardAsync(string key) => (await ExecuteAsync(R, "SCARD", key)).Integer;

    public async Task<string?[]> SInterAsync(params string[] keys) => Texts(await ExecuteAsync(R, ["SINTER", .. keys]));

    public async Task<string?[]> SUnionAsync(params string[] keys) => Texts(await ExecuteAsync(R, ["SUNION", .. keys]));

    public async Task<string?[]> SDiffAsync(params string[] keys) => Texts(await ExecuteAsync(R, ["SDIFF", .. keys]));

    /// <summary>SPOP: removes and returns a random member, or null when the set is empty.</summary>
    public async Task<string?> SPopAsync(string key) => Text(await ExecuteAsync(W, "SPOP", key));

    private static string Ms(TimeSpan t) => ((long)t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);

    private static string? Text(RespValue value) => value.IsNull ? null : value.AsString();

    private static string?[] Texts(RespValue value) => value.IsNull ? [] : [.. value.Items.Select(Text)];
}
