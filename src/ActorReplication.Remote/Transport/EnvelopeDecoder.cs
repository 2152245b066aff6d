namespace ActorReplication.Remote.Transport;

/// <summary>The fields of a <c>RemoteEnvelope</c>, as slices of the frame (nothing copied, nothing allocated).</summary>
internal ref struct EnvelopeFields
{
    public ReadOnlySpan<byte> Recipient;
    public ReadOnlySpan<byte> Sender;
    public int SerializerId;
    public ReadOnlySpan<byte> Manifest;
    public ReadOnlySpan<byte> Message;
}

/// <summary>
/// Reads a <c>RemoteEnvelope</c> (wire.proto) straight from the frame, the hot path of every delivered message: the
/// generated parser would allocate the envelope, two path strings and a copy of the payload per message. Follows
/// Protobuf's rules: fields in any order, the last occurrence wins, unknown fields are skipped. WireFormatSpec checks
/// it against the generated parser.
/// </summary>
internal static class EnvelopeDecoder
{
    public static EnvelopeFields Decode(ReadOnlySpan<byte> data)
    {
        var fields = default(EnvelopeFields);
        var pos = 0;
        while (pos < data.Length)
        {
            var tag = ReadVarint(data, ref pos);
            var field = tag >> 3;
            var wireType = (int)(tag & 7);
            switch (field, wireType)
            {
                case (1, 2): fields.Recipient = ReadBytes(data, ref pos); break;
                case (2, 2): fields.Sender = ReadBytes(data, ref pos); break;
                case (3, 0): fields.SerializerId = (int)ReadVarint(data, ref pos); break;
                case (4, 2): fields.Manifest = ReadBytes(data, ref pos); break;
                case (5, 2): fields.Message = ReadBytes(data, ref pos); break;
                case (0, _): throw Malformed("field number 0");
                default: Skip(data, ref pos, wireType); break;
            }
        }
        return fields;
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, scoped ref int pos)
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (pos >= data.Length) throw Malformed("truncated varint");
            var b = data[pos++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return result;
        }
        throw Malformed("varint longer than 10 bytes");
    }

    private static ReadOnlySpan<byte> ReadBytes(ReadOnlySpan<byte> data, scoped ref int pos)
    {
        var length = ReadVarint(data, ref pos);
        if (length > (ulong)(data.Length - pos)) throw Malformed("length beyond the frame");
        var slice = data.Slice(pos, (int)length);
        pos += (int)length;
        return slice;
    }

    private static void Skip(ReadOnlySpan<byte> data, scoped ref int pos, int wireType)
    {
        switch (wireType)
        {
            case 0: ReadVarint(data, ref pos); break;
            case 1: Advance(data, ref pos, 8); break;
            case 2: ReadBytes(data, ref pos); break;
            case 5: Advance(data, ref pos, 4); break;
            default: throw Malformed($"wire type {wireType}");
        }
    }

    private static void Advance(ReadOnlySpan<byte> data, scoped ref int pos, int count)
    {
        if (data.Length - pos < count) throw Malformed("truncated fixed field");
        pos += count;
    }

    private static ProtocolException Malformed(string what) => new($"malformed RemoteEnvelope: {what}");
}
