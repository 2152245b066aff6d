using System.Buffers;
using System.Text;

namespace ActorReplication.Resp;

/// <summary>
/// One request: its arguments (arg 0 is the command name) as slices of a shared byte buffer.
/// A command taken from a <see cref="RespRequestBatch"/> is a view that is valid until the batch is
/// <see cref="RespRequestBatch.Reset"/>, grown by further parsing, or disposed; call <see cref="ToOwned"/> to keep it longer.
/// Commands made by <see cref="Create(string[])"/> / <see cref="Create(byte[][])"/> own their buffers.
/// </summary>
public readonly struct RespCommand
{
    private readonly byte[]? _data;

    // Interleaved (offset, length) pairs; this command's arguments are pairs [_first, _first + _count).
    private readonly int[]? _args;
    private readonly int _first;
    private readonly int _count;

    internal RespCommand(byte[] data, int[] args, int first, int count)
    {
        _data = data;
        _args = args;
        _first = first;
        _count = count;
    }

    /// <summary>Number of arguments including the command name; 0 for <c>default</c>.</summary>
    public int ArgCount => _count;

    /// <summary>The command name as sent (any case); empty for <c>default</c>.</summary>
    public ReadOnlySpan<byte> Name => _count == 0 ? default : Arg(0);

    /// <summary>The recognised command (case-insensitive), or <see cref="CommandId.Unknown"/>.</summary>
    public CommandId Id => _count == 0 ? CommandId.Unknown : RespCommandTable.Identify(Arg(0));

    /// <summary>Argument <paramref name="index"/> (0 = command name).</summary>
    public ReadOnlySpan<byte> Arg(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            ThrowIndex(index);
        }

        int k = (_first + index) * 2;
        int[] args = _args!;
        return new ReadOnlySpan<byte>(_data, args[k], args[k + 1]);
    }

    public ReadOnlyMemory<byte> ArgMemory(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            ThrowIndex(index);
        }

        int k = (_first + index) * 2;
        int[] args = _args!;
        return new ReadOnlyMemory<byte>(_data, args[k], args[k + 1]);
    }

    public int ArgLength(int index)
    {
        if ((uint)index >= (uint)_count)
        {
            ThrowIndex(index);
        }

        return _args![((_first + index) * 2) + 1];
    }

    /// <summary>A copy of argument <paramref name="index"/> (allocates).</summary>
    public byte[] ArgToArray(int index) => Arg(index).ToArray();

    /// <summary>Argument <paramref name="index"/> decoded as UTF-8 (allocates; for non-hot paths).</summary>
    public string ArgString(int index) => Encoding.UTF8.GetString(Arg(index));

    /// <summary>True if argument <paramref name="index"/> equals <paramref name="asciiUpper"/> ignoring ASCII case. <paramref name="asciiUpper"/> must be upper case.</summary>
    public bool ArgEqualsIgnoreCase(int index, ReadOnlySpan<byte> asciiUpper) =>
        RespNumber.AsciiEqualsIgnoreCase(Arg(index), asciiUpper);

    /// <summary>Redis's strict integer parsing (see <see cref="RespNumber.TryParseInt64"/>).</summary>
    public bool TryGetLong(int index, out long value) => RespNumber.TryParseInt64(Arg(index), out value);

    public bool TryGetInt(int index, out int value) => RespNumber.TryParseInt32(Arg(index), out value);

    /// <summary>Redis's float parsing (see <see cref="RespNumber.TryParseDouble"/>): rejects NaN, accepts inf/-inf/+inf.</summary>
    public bool TryGetDouble(int index, out double value) => RespNumber.TryParseDouble(Arg(index), out value);

    /// <summary>A view of this command without its first <paramref name="count"/> arguments (e.g. to dispatch a subcommand).</summary>
    public RespCommand Skip(int count)
    {
        if ((uint)count > (uint)_count)
        {
            ThrowIndex(count);
        }

        return count == _count ? default : new RespCommand(_data!, _args!, _first + count, _count - count);
    }

    /// <summary>A self-contained copy that does not reference the batch's buffers.</summary>
    public RespCommand ToOwned()
    {
        int total = 0;
        for (int i = 0; i < _count; i++)
        {
            total += ArgLength(i);
        }

        byte[] data = total == 0 ? [] : new byte[total];
        int[] args = new int[_count * 2];
        int offset = 0;
        for (int i = 0; i < _count; i++)
        {
            ReadOnlySpan<byte> a = Arg(i);
            a.CopyTo(data.AsSpan(offset));
            args[i * 2] = offset;
            args[(i * 2) + 1] = a.Length;
            offset += a.Length;
        }

        return new RespCommand(data, args, 0, _count);
    }

    /// <summary>Size of this command encoded as a RESP array of bulk strings.</summary>
    public long EncodedLength
    {
        get
        {
            long n = 3 + DigitCount(_count);
            for (int i = 0; i < _count; i++)
            {
                int len = ArgLength(i);
                n += 5L + DigitCount(len) + len;
            }

            return n;
        }
    }

    /// <summary>Arguments as UTF-8 strings (allocates; tests and diagnostics).</summary>
    public string[] ToStringArray()
    {
        var result = new string[_count];
        for (int i = 0; i < _count; i++)
        {
            result[i] = ArgString(i);
        }

        return result;
    }

    /// <summary>Builds an owned command from UTF-8 strings (tests, internal commands).</summary>
    public static RespCommand Create(params string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        int total = 0;
        for (int i = 0; i < args.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(args[i], nameof(args));
            total += Encoding.UTF8.GetByteCount(args[i]);
        }

        byte[] data = new byte[total];
        int[] offsets = new int[args.Length * 2];
        int offset = 0;
        for (int i = 0; i < args.Length; i++)
        {
            int n = Encoding.UTF8.GetBytes(args[i], data.AsSpan(offset));
            offsets[i * 2] = offset;
            offsets[(i * 2) + 1] = n;
            offset += n;
        }

        return new RespCommand(data, offsets, 0, args.Length);
    }

    /// <summary>Builds an owned command from raw arguments (copied).</summary>
    public static RespCommand Create(params byte[][] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        int total = 0;
        for (int i = 0; i < args.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(args[i], nameof(args));
            total += args[i].Length;
        }

        byte[] data = new byte[total];
        int[] offsets = new int[args.Length * 2];
        int offset = 0;
        for (int i = 0; i < args.Length; i++)
        {
            args[i].CopyTo(data, offset);
            offsets[i * 2] = offset;
            offsets[(i * 2) + 1] = args[i].Length;
            offset += args[i].Length;
        }

        return new RespCommand(data, offsets, 0, args.Length);
    }

    /// <summary>Debug text: arguments separated by spaces, non-printable bytes as \xHH, quoted when needed (allocates).</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        for (int i = 0; i < _count; i++)
        {
            if (i > 0)
            {
                sb.Append(' ');
            }

            AppendRepr(sb, Arg(i));
        }

        return sb.ToString();
    }

    internal static void AppendRepr(StringBuilder sb, ReadOnlySpan<byte> s)
    {
        bool plain = s.Length > 0;
        foreach (byte b in s)
        {
            if (b <= 0x20 || b >= 0x7F || b == (byte)'"' || b == (byte)'\'' || b == (byte)'\\')
            {
                plain = false;
                break;
            }
        }

        if (plain)
        {
            foreach (byte b in s)
            {
                sb.Append((char)b);
            }

            return;
        }

        sb.Append('"');
        foreach (byte b in s)
        {
            switch (b)
            {
                case (byte)'\\': sb.Append("\\\\"); break;
                case (byte)'"': sb.Append("\\\""); break;
                case (byte)'\n': sb.Append("\\n"); break;
                case (byte)'\r': sb.Append("\\r"); break;
                case (byte)'\t': sb.Append("\\t"); break;
                default:
                    if (b < 0x20 || b >= 0x7F)
                    {
                        sb.Append("\\x").Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append((char)b);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    internal static int DigitCount(long value)
    {
        int n = 1;
        while (value >= 10)
        {
            value /= 10;
            n++;
        }

        return n;
    }

    private static void ThrowIndex(int index) =>
        throw new ArgumentOutOfRangeException(nameof(index), index, "Argument index out of range.");
}
