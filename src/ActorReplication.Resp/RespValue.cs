using System.Globalization;
using System.Text;

namespace ActorReplication.Resp;

/// <summary>The kind of a parsed RESP2/RESP3 reply.</summary>
public enum RespType : byte
{
    /// <summary><c>+text</c></summary>
    SimpleString,

    /// <summary><c>-ERR message</c></summary>
    Error,

    /// <summary><c>:123</c></summary>
    Integer,

    /// <summary><c>$3\r\nabc</c></summary>
    BulkString,

    /// <summary>RESP2 null bulk string <c>$-1</c>.</summary>
    NullBulkString,

    /// <summary>RESP2 null array <c>*-1</c>.</summary>
    NullArray,

    /// <summary>RESP3 null <c>_</c>.</summary>
    Null,

    /// <summary><c>*N</c></summary>
    Array,

    /// <summary>RESP3 <c>%N</c>; <see cref="RespValue.Items"/> holds keys and values alternately.</summary>
    Map,

    /// <summary>RESP3 <c>~N</c></summary>
    Set,

    /// <summary>RESP3 out-of-band <c>&gt;N</c></summary>
    Push,

    /// <summary>RESP3 <c>,1.5</c></summary>
    Double,

    /// <summary>RESP3 <c>#t</c> / <c>#f</c></summary>
    Boolean,

    /// <summary>RESP3 <c>=N\r\ntxt:...</c></summary>
    Verbatim,

    /// <summary>RESP3 <c>(12345678901234567890</c></summary>
    BigNumber,

    /// <summary>RESP3 <c>!N\r\nERR ...</c></summary>
    BlobError,
}

/// <summary>
/// A parsed reply tree (tests, the replica's handshake, the .NET client). Not for hot server paths.
/// Equality is structural (doubles compare with <see cref="double.Equals(double)"/>, so NaN equals NaN).
/// </summary>
public sealed class RespValue : IEquatable<RespValue>
{
    private static readonly RespValue[] NoItems = [];

    private RespValue(RespType type, byte[]? bytes = null, long integer = 0, double dbl = 0, IReadOnlyList<RespValue>? items = null, string? format = null)
    {
        Type = type;
        Bytes = bytes;
        Integer = integer;
        Double = dbl;
        Items = items ?? NoItems;
        Format = format;
    }

    public RespType Type { get; }

    /// <summary>Payload of string-like values (simple string, error, bulk, verbatim text without its format prefix, big number digits, blob error).</summary>
    public byte[]? Bytes { get; }

    /// <summary>Value of an <see cref="RespType.Integer"/>; 1/0 for a <see cref="RespType.Boolean"/>.</summary>
    public long Integer { get; }

    public double Double { get; }

    public bool Boolean => Type == RespType.Boolean && Integer != 0;

    /// <summary>Verbatim string format, e.g. <c>txt</c>.</summary>
    public string? Format { get; }

    /// <summary>Children of aggregates (maps: key, value, key, value...). Empty otherwise.</summary>
    public IReadOnlyList<RespValue> Items { get; }

    /// <summary>RESP3 attributes (<c>|N</c>) that preceded this value, as key, value, ... pairs; null if none.</summary>
    public IReadOnlyList<RespValue>? Attributes { get; private init; }

    public bool IsNull => Type is RespType.Null or RespType.NullBulkString or RespType.NullArray;

    public bool IsError => Type is RespType.Error or RespType.BlobError;

    public bool IsAggregate => Type is RespType.Array or RespType.Map or RespType.Set or RespType.Push;

    public static RespValue Null { get; } = new(RespType.Null);

    public static RespValue NullBulkString { get; } = new(RespType.NullBulkString);

    public static RespValue NullArray { get; } = new(RespType.NullArray);

    public static RespValue True { get; } = new(RespType.Boolean, integer: 1);

    public static RespValue False { get; } = new(RespType.Boolean, integer: 0);

    public static RespValue SimpleString(string s) => new(RespType.SimpleString, Encoding.UTF8.GetBytes(s));

    public static RespValue SimpleString(ReadOnlySpan<byte> s) => new(RespType.SimpleString, s.ToArray());

    public static RespValue Error(string message) => new(RespType.Error, Encoding.UTF8.GetBytes(message));

    public static RespValue Error(ReadOnlySpan<byte> message) => new(RespType.Error, message.ToArray());

    public static RespValue BlobError(ReadOnlySpan<byte> message) => new(RespType.BlobError, message.ToArray());

    public static RespValue FromInteger(long value) => new(RespType.Integer, integer: value);

    public static RespValue BulkString(string s) => new(RespType.BulkString, Encoding.UTF8.GetBytes(s));

    public static RespValue BulkString(ReadOnlySpan<byte> s) => new(RespType.BulkString, s.ToArray());

    public static RespValue FromDouble(double value) => new(RespType.Double, dbl: value);

    public static RespValue FromBoolean(bool value) => value ? True : False;

    public static RespValue Verbatim(string format, ReadOnlySpan<byte> text)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (format.Length != 3)
        {
            throw new ArgumentException("Verbatim format must be three characters.", nameof(format));
        }

        return new(RespType.Verbatim, text.ToArray(), format: format);
    }

    public static RespValue BigNumber(string digits) => new(RespType.BigNumber, Encoding.ASCII.GetBytes(digits));

    public static RespValue BigNumber(ReadOnlySpan<byte> digits) => new(RespType.BigNumber, digits.ToArray());

    public static RespValue Array(params RespValue[] items) => new(RespType.Array, items: items);

    public static RespValue Set(params RespValue[] items) => new(RespType.Set, items: items);

    public static RespValue Push(params RespValue[] items) => new(RespType.Push, items: items);

    /// <summary>A map from alternating keys and values.</summary>
    public static RespValue Map(params RespValue[] keysAndValues)
    {
        if (keysAndValues.Length % 2 != 0)
        {
            throw new ArgumentException("A map needs an even number of items.", nameof(keysAndValues));
        }

        return new(RespType.Map, items: keysAndValues);
    }

    internal static RespValue Aggregate(RespType type, RespValue[] items) => new(type, items: items);

    /// <summary>A copy of this value carrying RESP3 attributes (alternating keys and values).</summary>
    public RespValue WithAttributes(params RespValue[] keysAndValues)
    {
        if (keysAndValues.Length % 2 != 0)
        {
            throw new ArgumentException("Attributes need an even number of items.", nameof(keysAndValues));
        }

        return new RespValue(Type, Bytes, Integer, Double, Items, Format) { Attributes = keysAndValues };
    }

    /// <summary>The payload as UTF-8 text (null for non-string values).</summary>
    public string? AsString() => Bytes is null ? null : Encoding.UTF8.GetString(Bytes);

    public bool Equals(RespValue? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.Type != Type || other.Integer != Integer || !other.Double.Equals(Double) || other.Format != Format)
        {
            return false;
        }

        if (Bytes is null != other.Bytes is null || (Bytes is not null && !Bytes.AsSpan().SequenceEqual(other.Bytes)))
        {
            return false;
        }

        return ListEquals(Items, other.Items) && ListEquals(Attributes ?? NoItems, other.Attributes ?? NoItems);
    }

    public override bool Equals(object? obj) => Equals(obj as RespValue);

    public override int GetHashCode()
    {
        var hash = default(HashCode);
        hash.Add(Type);
        hash.Add(Integer);
        hash.Add(Double);
        if (Bytes is not null)
        {
            hash.AddBytes(Bytes);
        }

        hash.Add(Items.Count);
        return hash.ToHashCode();
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        AppendTo(sb);
        return sb.ToString();
    }

    private void AppendTo(StringBuilder sb)
    {
        if (Attributes is not null)
        {
            sb.Append("|{");
            AppendItems(sb, Attributes);
            sb.Append("} ");
        }

        switch (Type)
        {
            case RespType.SimpleString:
                sb.Append('+');
                RespCommand.AppendRepr(sb, Bytes);
                break;
            case RespType.Error:
                sb.Append('-');
                RespCommand.AppendRepr(sb, Bytes);
                break;
            case RespType.BlobError:
                sb.Append('!');
                RespCommand.AppendRepr(sb, Bytes);
                break;
            case RespType.BulkString:
                sb.Append('$');
                RespCommand.AppendRepr(sb, Bytes);
                break;
            case RespType.Verbatim:
                sb.Append('=').Append(Format).Append(':');
                RespCommand.AppendRepr(sb, Bytes);
                break;
            case RespType.BigNumber:
                sb.Append('(');
                RespCommand.AppendRepr(sb, Bytes);
                break;
            case RespType.Integer:
                sb.Append(':').Append(Integer.ToString(CultureInfo.InvariantCulture));
                break;
            case RespType.Double:
                sb.Append(',').Append(Double.ToString("R", CultureInfo.InvariantCulture));
                break;
            case RespType.Boolean:
                sb.Append(Boolean ? "#t" : "#f");
                break;
            case RespType.Null:
                sb.Append('_');
                break;
            case RespType.NullBulkString:
                sb.Append("$-1");
                break;
            case RespType.NullArray:
                sb.Append("*-1");
                break;
            default:
                sb.Append(Type switch
                {
                    RespType.Map => "%[",
                    RespType.Set => "~[",
                    RespType.Push => ">[",
                    _ => "*[",
                });
                AppendItems(sb, Items);
                sb.Append(']');
                break;
        }
    }

    private static void AppendItems(StringBuilder sb, IReadOnlyList<RespValue> items)
    {
        for (int i = 0; i < items.Count; i++)
        {
            if (i > 0)
            {
                sb.Append(", ");
            }

            items[i].AppendTo(sb);
        }
    }

    private static bool ListEquals(IReadOnlyList<RespValue> a, IReadOnlyList<RespValue> b)
    {
        if (a.Count != b.Count)
        {
            return false;
        }

        for (int i = 0; i < a.Count; i++)
        {
            if (!a[i].Equals(b[i]))
            {
                return false;
            }
        }

        return true;
    }
}
