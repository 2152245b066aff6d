using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace ActorReplication.Cache.Keyspace;

/// <summary>
/// CRC-64 with the Jones polynomial (reflected 0x95AC9329AC4BC9B5, initial value 0, no final XOR), the checksum Redis
/// puts at the end of an RDB file. Check value: "123456789" → 0xE9C6D914C4B8D9CA. Table-driven (slicing-by-8), incremental.
/// </summary>
public struct Crc64
{
    private const ulong Polynomial = 0x95AC9329AC4BC9B5UL;
    private static readonly ulong[] Table = BuildTable();

    public Crc64()
    {
    }

    public ulong Value { get; private set; }

    public static ulong Compute(ReadOnlySpan<byte> data)
    {
        var crc = new Crc64();
        crc.Append(data);
        return crc.Value;
    }

    /// <summary>Slicing-by-8: eight bytes per step through eight derived tables (a snapshot hashes every byte on both sides).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Append(ReadOnlySpan<byte> data)
    {
        ulong crc = Value;
        ReadOnlySpan<ulong> t = Table;
        while (data.Length >= 8)
        {
            crc ^= BinaryPrimitives.ReadUInt64LittleEndian(data);
            crc = t[(7 * 256) + (int)(crc & 0xff)] ^ t[(6 * 256) + (int)((crc >> 8) & 0xff)]
                ^ t[(5 * 256) + (int)((crc >> 16) & 0xff)] ^ t[(4 * 256) + (int)((crc >> 24) & 0xff)]
                ^ t[(3 * 256) + (int)((crc >> 32) & 0xff)] ^ t[(2 * 256) + (int)((crc >> 40) & 0xff)]
                ^ t[256 + (int)((crc >> 48) & 0xff)] ^ t[(int)(crc >> 56)];
            data = data[8..];
        }

        foreach (byte b in data)
        {
            crc = t[(int)(byte)(crc ^ b)] ^ (crc >> 8);
        }

        Value = crc;
    }

    /// <summary>Table k (at k * 256) advances a byte through k further zero bytes; table 0 is the classic one.</summary>
    private static ulong[] BuildTable()
    {
        var table = new ulong[8 * 256];
        for (uint i = 0; i < 256; i++)
        {
            ulong c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
            }

            table[i] = c;
        }

        for (int k = 1; k < 8; k++)
        {
            for (int i = 0; i < 256; i++)
            {
                ulong previous = table[((k - 1) * 256) + i];
                table[(k * 256) + i] = (previous >> 8) ^ table[(int)(previous & 0xff)];
            }
        }

        return table;
    }
}
