using System.Buffers.Binary;

namespace ActorReplication.Cache.Keyspace;

/// <summary>A growable byte buffer for snapshot encoding: little-endian integers and LEB128 varints.</summary>
internal sealed class SnapshotBuffer(int capacity = 4096)
{
    private byte[] _buffer = new byte[Math.Max(16, capacity)];

    public int Length { get; private set; }

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, Length);

    public void WriteByte(byte b)
    {
        Ensure(1);
        _buffer[Length++] = b;
    }

    public void WriteUInt16(ushort v)
    {
        Ensure(2);
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(Length), v);
        Length += 2;
    }

    public void WriteUInt32(uint v)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(Length), v);
        Length += 4;
    }

    public void WriteInt32(int v)
    {
        Ensure(4);
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.AsSpan(Length), v);
        Length += 4;
    }

    public void WriteInt64(long v)
    {
        Ensure(8);
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.AsSpan(Length), v);
        Length += 8;
    }

    public void WriteUInt64(ulong v)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(Length), v);
        Length += 8;
    }

    public void WriteVarint(ulong v)
    {
        Ensure(10);
        while (v >= 0x80)
        {
            _buffer[Length++] = (byte)(v | 0x80);
            v >>= 7;
        }

        _buffer[Length++] = (byte)v;
    }

    /// <summary>A varint length followed by the bytes.</summary>
    public void WriteBlob(ReadOnlySpan<byte> bytes)
    {
        WriteVarint((ulong)bytes.Length);
        WriteBytes(bytes);
    }

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(Length));
        Length += bytes.Length;
    }

    public static int VarintLength(ulong v)
    {
        int n = 1;
        while (v >= 0x80)
        {
            v >>= 7;
            n++;
        }

        return n;
    }

    public static long BlobLength(int length) => VarintLength((ulong)length) + (long)length;

    /// <summary>Copies the contents out and empties the buffer (keeping at most <paramref name="keepCapacity"/> bytes of it).</summary>
    public byte[] Take(int keepCapacity)
    {
        byte[] result = WrittenSpan.ToArray();
        Length = 0;
        if (_buffer.Length > keepCapacity)
        {
            _buffer = new byte[Math.Max(16, keepCapacity)];
        }

        return result;
    }

    private void Ensure(int more)
    {
        if (_buffer.Length - Length >= more)
        {
            return;
        }

        long wanted = Math.Max((long)_buffer.Length * 2, (long)Length + more);
        Array.Resize(ref _buffer, (int)Math.Min(wanted, Array.MaxLength));
    }
}
