namespace ActorReplication.Cache.Keyspace;

/// <summary>
/// Redis glob matching (stringmatchlen): <c>*</c>, <c>?</c>, <c>[abc]</c>, <c>[^a]</c>, <c>[a-z]</c> (reversed ranges
/// allowed), and <c>\x</c> escapes inside and outside classes; an unterminated class ends at the pattern's end.
/// Linear-time backtracking to the last <c>*</c> (every other token matches exactly one byte).
/// </summary>
public static class Glob
{
    public static bool IsMatch(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text)
    {
        int p = 0;
        int t = 0;
        int starP = -1;
        int starT = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length)
            {
                if (pattern[p] == (byte)'*')
                {
                    while (p < pattern.Length && pattern[p] == (byte)'*')
                    {
                        p++;
                    }

                    if (p == pattern.Length)
                    {
                        return true;
                    }

                    starP = p;
                    starT = t;
                    continue;
                }

                if (MatchOne(pattern, p, text[t], out int next))
                {
                    p = next;
                    t++;
                    continue;
                }
            }

            if (starP < 0)
            {
                return false;
            }

            p = starP;
            starT++;
            t = starT;
        }

        while (p < pattern.Length && pattern[p] == (byte)'*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>True when the pattern is a plain key (no special characters), so KEYS/SCAN can do one lookup.</summary>
    public static bool IsLiteral(ReadOnlySpan<byte> pattern) => pattern.IndexOfAny("*?[\\"u8) < 0;

    private static bool MatchOne(ReadOnlySpan<byte> pattern, int p, byte c, out int next)
    {
        byte pc = pattern[p];
        switch (pc)
        {
            case (byte)'?':
                next = p + 1;
                return true;
            case (byte)'\\' when p + 1 < pattern.Length:
                next = p + 2;
                return pattern[p + 1] == c;
            case (byte)'[':
                return MatchClass(pattern, p + 1, c, out next);
            default:
                next = p + 1;
                return pc == c;
        }
    }

    private static bool MatchClass(ReadOnlySpan<byte> pattern, int p, byte c, out int next)
    {
        bool not = p < pattern.Length && pattern[p] == (byte)'^';
        if (not)
        {
            p++;
        }

        bool match = false;
        while (p < pattern.Length && pattern[p] != (byte)']')
        {
            if (pattern[p] == (byte)'\\' && p + 1 < pattern.Length)
            {
                p++;
                if (pattern[p] == c)
                {
                    match = true;
                }

                p++;
            }
            else if (p + 2 < pattern.Length && pattern[p + 1] == (byte)'-')
            {
                byte start = pattern[p];
                byte end = pattern[p + 2];
                if (start > end)
                {
                    (start, end) = (end, start);
                }

                if (c >= start && c <= end)
                {
                    match = true;
                }

                p += 3;
            }
            else
            {
                if (pattern[p] == c)
                {
                    match = true;
                }

                p++;
            }
        }

        next = p < pattern.Length ? p + 1 : p; // skip ']' when present
        return not ? !match : match;
    }
}
