namespace ActorReplication.Cache.Dump;

/// <summary>
/// LZF (liblzf's format, as Redis uses it for strings of more than 20 bytes in RDB and DUMP payloads). Compressed
/// data is a sequence of literal runs (<c>000LLLLL</c> then L+1 bytes) and back references (<c>LLLooooo oooooooo</c>,
/// or <c>111ooooo LLLLLLLL oooooooo</c> for long ones: length L+2, distance o+1).
/// </summary>
/// <remarks>
/// The compressor makes the same choices as the liblzf build Redis ships (16-bit hash of the last four bytes, the
/// "very fast" rehash of only a match's last two positions, no reference to the first input byte), so a DUMP of ours
/// is byte-identical to Redis's. Redis leaves its hash table uninitialised between calls, so a stale entry can
/// occasionally let it find a match we do not; both outputs decode the same.
/// </remarks>
public static class Lzf
{
    private const int HashLog = 16;
    private const int HashMask = (1 << HashLog) - 1;
    private const int MaxLiteral = 1 << 5;
    private const uint MaxOffset = 1 << 13;
    private const int MaxReference = (1 << 8) + (1 << 3);

    [ThreadStatic]
    private static int[]? t_table;

    /// <summary>
    /// Compresses <paramref name="input"/> into at most <paramref name="maxOutput"/> bytes; null when it does not fit
    /// (Redis then stores the string as it is).
    /// </summary>
    public static byte[]? Compress(ReadOnlySpan<byte> input, int maxOutput)
    {
        if (input.Length == 0 || maxOutput <= 0)
        {
            return null;
        }

        // 0 reads as "no earlier position": the first byte is never referenced anyway.
        int[] table = t_table ??= new int[1 << HashLog];
        Array.Clear(table);

        // The compressor may run a few bytes past maxOutput before it notices (as liblzf does); slack avoids bounds trouble.
        var output = new byte[maxOutput + 8];
        int outEnd = maxOutput;
        int inEnd = input.Length;
        int ip = 0;
        int op = 1; // room for the first literal run's length byte
        int lit = 0;
        uint hval = input.Length >= 2 ? (uint)((input[0] << 8) | input[1]) : 0;
        while (ip < inEnd - 2)
        {
            hval = (hval << 8) | input[ip + 2];
            int slot = Index(hval);
            int refPos = table[slot];
            table[slot] = ip;
            uint off = (uint)(ip - refPos - 1);
            if (refPos > 0 && off < MaxOffset &&
                input[refPos] == input[ip] && input[refPos + 1] == input[ip + 1] && input[refPos + 2] == input[ip + 2])
            {
                int len = 2;
                int maxLen = Math.Min(inEnd - ip - len, MaxReference);
                output[op - lit - 1] = (byte)(lit - 1);
                if (lit == 0)
                {
                    op--; // no literals before this reference: drop the empty run
                }

                if (op + 3 + 1 >= outEnd)
                {
                    return null;
                }

                len = MatchLength(input, refPos, ip, len, maxLen);
                len -= 2;
                ip++;
                if (len < 7)
                {
                    output[op++] = (byte)((off >> 8) + (uint)(len << 5));
                }
                else
                {
                    output[op++] = (byte)((off >> 8) + (7 << 5));
                    output[op++] = (byte)(len - 7);
                }

                output[op++] = (byte)off;
                lit = 0;
                op++;
                ip += len + 1;
                if (ip >= inEnd - 2)
                {
                    break;
                }

                // Only the match's last two positions enter the table.
                ip -= 2;
                hval = (uint)((input[ip] << 8) | input[ip + 1]);
                hval = (hval << 8) | input[ip + 2];
                table[Index(hval)] = ip;
                ip++;
                hval = (hval << 8) | input[ip + 2];
                table[Index(hval)] = ip;
                ip++;
            }
            else
            {
                if (op >= outEnd)
                {
                    return null;
                }

                lit++;
                output[op++] = input[ip++];
                if (lit == MaxLiteral)
                {
                    output[op - lit - 1] = (byte)(lit - 1);
                    lit = 0;
                    op++;
                }
            }
        }

        if (op + 3 > outEnd)
        {
            return null;
        }

        while (ip < inEnd)
        {
            lit++;
            output[op++] = input[ip++];
            if (lit == MaxLiteral)
            {
                output[op - lit - 1] = (byte)(lit - 1);
                lit = 0;
                op++;
            }
        }

        output[op - lit - 1] = (byte)(lit - 1);
        if (lit == 0)
        {
            op--;
        }

        return output.AsSpan(0, op).ToArray();
    }

    /// <summary>
    /// Decompresses into exactly <paramref name="output"/>.Length bytes; false when the data is malformed or does not
    /// produce exactly that many bytes.
    /// </summary>
    public static bool TryDecompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        int ip = 0;
        int op = 0;
        while (ip < input.Length)
        {
            int ctrl = input[ip++];
            if (ctrl < 32)
            {
                int run = ctrl + 1;
                if (op + run > output.Length || ip + run > input.Length)
                {
                    return false;
                }

                input.Slice(ip, run).CopyTo(output[op..]);
                op += run;
                ip += run;
                continue;
            }

            int len = ctrl >> 5;
            if (len == 7)
            {
                if (ip >= input.Length)
                {
                    return false;
                }

                len += input[ip++];
            }

            if (ip >= input.Length)
            {
                return false;
            }

            int back = op - ((ctrl & 0x1f) << 8) - input[ip++] - 1;
            len += 2;
            if (back < 0 || op + len > output.Length)
            {
                return false;
            }

            // Byte by byte: a reference may overlap the bytes it produces (a run of one repeated byte).
            for (int i = 0; i < len; i++)
            {
                output[op++] = output[back++];
            }
        }

        return op == output.Length;
    }

    private static int Index(uint h) => (int)(((h >> ((3 * 8) - HashLog)) - (h * 5)) & HashMask);

    /// <summary>
    /// Extends a three-byte match. When more than 16 bytes may match, the first 16 are compared without the length
    /// bound (as liblzf's unrolled loop does, which lets a match near the end run up to two bytes further).
    /// </summary>
    private static int MatchLength(ReadOnlySpan<byte> input, int refPos, int ip, int len, int maxLen)
    {
        if (maxLen > 16)
        {
            for (int i = 0; i < 16; i++)
            {
                len++;
                if (input[refPos + len] != input[ip + len])
                {
                    return len;
                }
            }
        }

        do
        {
            len++;
        }
        while (len < maxLen && input[refPos + len] == input[ip + len]);
        return len;
    }
}
