using System.Runtime.CompilerServices;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Commands;

/// <summary>What a command handler works with: the engine, the client's database, the request and the reply writer.</summary>
public ref struct CommandContext
{
    internal CommandContext(KeyspaceEngine ks, ClientSession session, Database db, in RespCommand cmd, RespWriter reply)
    {
        Ks = ks;
        Session = session;
        Db = db;
        Cmd = cmd;
        Reply = reply;
    }

    public KeyspaceEngine Ks { get; }

    public ClientSession Session { get; }

    public Database Db { get; }

    public RespCommand Cmd { get; }

    public RespWriter Reply { get; }

    public readonly int ArgCount => Cmd.ArgCount;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly ReadOnlySpan<byte> Arg(int i) => Cmd.Arg(i);

    public readonly bool ArgIs(int i, ReadOnlySpan<byte> upper) => System.Text.Ascii.EqualsIgnoreCase(Cmd.Arg(i), upper);

    /// <summary>Read lookup of argument <paramref name="i"/> as a key (stats, LRU, lazy expiry). Slot or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly int LookupRead(int i) => Ks.LookupRead(Db, Cmd.Arg(i));

    /// <summary>Write lookup of argument <paramref name="i"/> as a key (LRU, lazy expiry). Slot or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly int LookupWrite(int i) => Ks.Lookup(Db, Cmd.Arg(i));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly object ValueAt(int slot) => Db.EntryAt(slot).Value;

    public readonly void WrongType() => Reply.WriteError(Errors.WrongType);

    /// <summary>
    /// After removing <paramref name="removed"/> elements from the collection in <paramref name="slot"/> (HDEL, SREM,
    /// LREM): account its memory, delete the key if it is now empty, reply the count, and propagate if anything changed.
    /// </summary>
    public readonly void CompleteRemoval(int slot, long memoryBefore, long memoryAfter, bool nowEmpty, long removed)
    {
        Ks.AdjustMemory(memoryAfter - memoryBefore);
        if (nowEmpty)
        {
            Ks.RemoveKey(Db, slot);
        }

        Reply.WriteInteger(removed);
        if (removed > 0)
        {
            Dirty(removed);
            PropagateVerbatim();
        }
    }

    /// <summary>
    /// Looks up the key at argument <paramref name="arg"/> for reading. False with <paramref name="missing"/> set when
    /// there is no such key; false after replying WRONGTYPE when it holds another type.
    /// </summary>
    public readonly bool TryGetForRead<T>(int arg, out T value, out bool missing) where T : class
    {
        int slot = LookupRead(arg);
        missing = slot < 0;
        if (!missing && ValueAt(slot) is T typed)
        {
            value = typed;
            return true;
        }

        value = null!;
        if (!missing) WrongType();
        return false;
    }

    /// <summary>
    /// As <see cref="TryGetForRead{T}"/> with a write lookup; <paramref name="slot"/> is the key's slot (-1 when missing).
    /// </summary>
    public readonly bool TryGetForWrite<T>(int arg, out T value, out int slot) where T : class
    {
        slot = LookupWrite(arg);
        if (slot >= 0 && ValueAt(slot) is T typed)
        {
            value = typed;
            return true;
        }

        value = null!;
        if (slot >= 0) WrongType();
        return false;
    }

    public readonly void Error(ReadOnlySpan<byte> message) => Reply.WriteError(message);

    /// <summary>Emits this request unchanged as the effect (deterministic commands).</summary>
    public readonly void PropagateVerbatim()
    {
        if (!Ks.HasEffects)
        {
            return;
        }

        int n = Cmd.ArgCount;
        Ks.EffectBegin(Db.Id, n);
        for (int i = 0; i < n; i++)
        {
            Ks.EffectArg(Cmd.Arg(i));
        }
    }

    /// <summary>Marks the dataset changed (stats).</summary>
    public readonly void Dirty(long n = 1) => Ks.Stats.Dirty += n;
}

/// <summary>Redis's error texts (without the leading '-').</summary>
public static class Errors
{
    public static ReadOnlySpan<byte> WrongType => "WRONGTYPE Operation against a key holding the wrong kind of value"u8;

    public static ReadOnlySpan<byte> NotInteger => "ERR value is not an integer or out of range"u8;

    public static ReadOnlySpan<byte> Syntax => "ERR syntax error"u8;

    public static ReadOnlySpan<byte> Overflow => "ERR increment or decrement would overflow"u8;

    public static ReadOnlySpan<byte> DecrementOverflow => "ERR decrement would overflow"u8;

    public static ReadOnlySpan<byte> NotFloat => "ERR value is not a valid float"u8;

    public static ReadOnlySpan<byte> NanOrInfinity => "ERR increment would produce NaN or Infinity"u8;

    public static ReadOnlySpan<byte> ValueNanOrInfinity => "ERR value is NaN or Infinity"u8;

    public static ReadOnlySpan<byte> DbIndexOutOfRange => "ERR DB index is out of range"u8;

    public static ReadOnlySpan<byte> NoSuchKey => "ERR no such key"u8;

    public static ReadOnlySpan<byte> IndexOutOfRange => "ERR index out of range"u8;

    public static ReadOnlySpan<byte> MustBePositive => "ERR value is out of range, must be positive"u8;

    public static ReadOnlySpan<byte> OutOfRange => "ERR value is out of range"u8;

    public static ReadOnlySpan<byte> OffsetOutOfRange => "ERR offset is out of range"u8;

    public static ReadOnlySpan<byte> StringTooLong => "ERR string exceeds maximum allowed size (proto-max-bulk-len)"u8;

    public static ReadOnlySpan<byte> HashNotInteger => "ERR hash value is not an integer"u8;

    public static ReadOnlySpan<byte> HashNotFloat => "ERR hash value is not a float"u8;

    public static ReadOnlySpan<byte> InvalidCursor => "ERR invalid cursor"u8;

    public static ReadOnlySpan<byte> Oom => "OOM command not allowed when used memory > 'maxmemory'."u8;

    public static ReadOnlySpan<byte> ExpireNxIncompatible => "ERR NX and XX, GT or LT options at the same time are not compatible"u8;

    public static ReadOnlySpan<byte> ExpireGtLtIncompatible => "ERR GT and LT options at the same time are not compatible"u8;

    public static string InvalidExpireTime(string command) => $"ERR invalid expire time in '{command}' command";
}
