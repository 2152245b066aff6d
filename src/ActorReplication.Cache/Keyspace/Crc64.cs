namespace ActorReplication.Cache.Keyspace;

/// <summary>
/// CRC-64 with the Jones polynomial (reflected 0x95AC9329AC4BC9B5, initial value 0, no final XOR), the checksum Redis
/// puts at the end of an RDB file. Check value: "123456789" → 0xE9C6D914C4B8D9CA. Table-driven, incremental.
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

    public void Append(ReadOnlySpan<byte> data)
    {
        ulong crc = Value;
        ulong[] table = Table;
        foreach (byte b in data)
        {
            crc = table[(byte)(crc ^ b)] ^ (crc >> 8);
        }

        Value = crc;
    }

    private static ulong[] BuildTable()
    {
        var table = new ulong[256];
        for (uint i = 0; i < 256; i++)
        {
            ulong c = i;
            for (int k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
