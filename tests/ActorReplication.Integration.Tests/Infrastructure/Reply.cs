using System.Text;

namespace ActorReplication.Integration.Tests.Infrastructure;

/// <summary>
/// One RESP2/RESP3 reply as it came off the wire: its type byte, its header line, its payload (bulk types) and its
/// elements (aggregates). <see cref="ToBytes"/> gives back the exact bytes, so replies compare byte for byte, and
/// normalisers can rewrite parts (sort a set, blank an id) before comparing.
/// </summary>
public sealed class Reply
{
    public Reply(char type, string line, byte[]? payload = null, IReadOnlyList<Reply>? items = null)
    {
        Type = type;
        Line = line;
        Payload = payload;
        Items = items ?? [];
    }

    /// <summary>'+', '-', ':', '$', '*', '%', '~', '_', ',', '#', '=', '(', '!', '|', '>'.</summary>
    public char Type { get; }

    /// <summary>The header line after the type byte: the text of a simple reply, or a length / count.</summary>
    public string Line { get; }

    /// <summary>Bulk payload ($ = !); null for a null bulk and for the other types.</summary>
    public byte[]? Payload { get; }

    public IReadOnlyList<Reply> Items { get; }

    public bool IsError => Type is '-' or '!';

    public bool IsAggregate => Type is '*' or '%' or '~' or '|' or '>';

    /// <summary>Simple-string or bulk text, or the integer as text.</summary>
    public string Text => Payload is not null ? Encoding.UTF8.GetString(Payload) : Line;

    public long Integer => Type == ':' ? long.Parse(Line, System.Globalization.CultureInfo.InvariantCulture) : throw new InvalidOperationException($"Not an integer reply: {this}");

    public static Reply Bulk(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return new Reply('$', bytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), bytes);
    }

    public static Reply Aggregate(char type, IReadOnlyList<Reply> items, int count) =>
        new(type, count.ToString(System.Globalization.CultureInfo.InvariantCulture), null, items);

    public Reply WithItems(IReadOnlyList<Reply> items) => new(Type, Line, Payload, items);

    public byte[] ToBytes()
    {
        var output = new MemoryStream();
        Write(output);
        return output.ToArray();
    }

    private void Write(Stream output)
    {
        output.WriteByte((byte)Type);
        output.Write(Encoding.ASCII.GetBytes(Line));
        output.Write("\r\n"u8);
        if (Payload is not null)
        {
            output.Write(Payload);
            output.Write("\r\n"u8);
        }
        foreach (var item in Items) item.Write(output);
    }

    /// <summary>The wire form with control bytes escaped, for assertion messages.</summary>
    public override string ToString() => Escape(ToBytes());

    public static string Escape(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder();
        foreach (var b in bytes)
        {
            text.Append(b switch
            {
                (byte)'\r' => "\\r",
                (byte)'\n' => "\\n",
                (byte)'\\' => "\\\\",
                >= 32 and < 127 => ((char)b).ToString(),
                _ => $"\\x{b:x2}",
            });
        }
        return text.ToString();
    }

    /// <summary>
    /// Parses one complete reply at <paramref name="data"/>[<paramref name="position"/>..]; returns null (position
    /// unchanged) when more bytes are needed. Throws <see cref="FormatException"/> on bytes that are not RESP.
    /// </summary>
    public static Reply? TryParse(ReadOnlySpan<byte> data, ref int position)
    {
        var p = position;
        var reply = TryParseAt(data, ref p);
        if (reply is not null) position = p;
        return reply;
    }

    private static Reply? TryParseAt(ReadOnlySpan<byte> data, ref int p)
    {
        if (p >= data.Length) return null;
        var type = (char)data[p];
        var end = data[p..].IndexOf("\r\n"u8);
        if (end < 0) return null;
        var line = Encoding.ASCII.GetString(data.Slice(p + 1, end - 1));
        var next = p + end + 2;
        switch (type)
        {
            case '+' or '-' or ':' or '_' or ',' or '#' or '(':
                p = next;
                return new Reply(type, line);
            case '$' or '=' or '!':
            {
                var length = ParseLength(line, type);
                if (length < 0)
                {
                    p = next;
                    return new Reply(type, line);
                }
                if (data.Length < next + length + 2) return null;
                if (data[next + length] != '\r' || data[next + length + 1] != '\n')
                    throw new FormatException($"Bulk of {length} bytes not followed by CRLF");
                var payload = data.Slice(next, length).ToArray();
                p = next + length + 2;
                return new Reply(type, line, payload);
            }
            case '*' or '~' or '>' or '%' or '|':
            {
                var count = ParseLength(line, type);
                if (count < 0)
                {
                    p = next;
                    return new Reply(type, line);
                }
                var elements = type is '%' or '|' ? count * 2 : count;
                var items = new List<Reply>(elements);
                var q = next;
                for (var i = 0; i < elements; i++)
                {
                    var item = TryParseAt(data, ref q);
                    if (item is null) return null;
                    items.Add(item);
                }
                p = q;
                return new Reply(type, line, null, items);
            }
            default:
                throw new FormatException($"Not a RESP type byte: 0x{(byte)type:x2} in '{Escape(data[p..Math.Min(data.Length, p + 40)])}'");
        }
    }

    private static int ParseLength(string line, char type) =>
        int.TryParse(line, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new FormatException($"Bad length '{line}' after '{type}'");
}
