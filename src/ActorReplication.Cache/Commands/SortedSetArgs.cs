using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Commands;

/// <summary>Parsing and reply helpers shared by the sorted-set commands (Redis's zslParseRange, zslParseLexRange and element replies).</summary>
internal static class SortedSetArgs
{
    public static ReadOnlySpan<byte> NotFloatRange => "ERR min or max is not a float"u8;

    public static ReadOnlySpan<byte> NotLexRange => "ERR min or max not valid string range item"u8;

    public static ReadOnlySpan<byte> NanScore => "ERR resulting score is not a number (NaN)"u8;

    /// <summary><c>min max</c> of ZRANGEBYSCORE: a float, <c>inf</c>/<c>-inf</c>, or <c>(</c> before either for an open end.</summary>
    public static bool TryParseScoreRange(ReadOnlySpan<byte> min, ReadOnlySpan<byte> max, out ScoreRange range)
    {
        range = default;
        if (!TryParseBound(min, out double lo, out bool loOpen) || !TryParseBound(max, out double hi, out bool hiOpen))
        {
            return false;
        }

        range = new ScoreRange(lo, hi, loOpen, hiOpen);
        return true;
    }

    /// <summary><c>min max</c> of ZRANGEBYLEX: <c>-</c>, <c>+</c>, <c>[member</c> or <c>(member</c>.</summary>
    public static bool TryParseLexRange(ReadOnlySpan<byte> min, ReadOnlySpan<byte> max, out LexRange range)
    {
        range = default;
        if (!TryParseLexItem(min, out byte[] lo, out bool loOpen, out bool loNeg, out bool loPos) ||
            !TryParseLexItem(max, out byte[] hi, out bool hiOpen, out bool hiNeg, out bool hiPos))
        {
            return false;
        }

        range = new LexRange(lo, hi, loOpen, hiOpen, loNeg, loPos, hiNeg, hiPos);
        return true;
    }

    /// <summary>Writes elements as Redis does: RESP2 a flat member[, score] array; RESP3 with scores, [member, score] pairs.</summary>
    public static void WriteElements(ref CommandContext c, List<SkipListNode> nodes, bool withScores)
    {
        bool pairs = withScores && c.Reply.Protocol == RespProtocol.Resp3;
        c.Reply.WriteArrayHeader(withScores && !pairs ? nodes.Count * 2 : nodes.Count);
        foreach (SkipListNode n in nodes)
        {
            if (pairs)
            {
                c.Reply.WriteArrayHeader(2);
            }

            c.Reply.WriteBulkString(n.Member);
            if (withScores)
            {
                c.Reply.WriteScore(n.Score);
            }
        }
    }

    private static bool TryParseBound(ReadOnlySpan<byte> s, out double value, out bool open)
    {
        open = s.Length > 0 && s[0] == (byte)'(';
        return RespNumber.TryParseDouble(open ? s[1..] : s, out value);
    }

    private static bool TryParseLexItem(ReadOnlySpan<byte> s, out byte[] member, out bool open, out bool negative, out bool positive)
    {
        member = [];
        open = false;
        negative = false;
        positive = false;
        if (s.Length == 0)
        {
            return false;
        }

        switch (s[0])
        {
            case (byte)'-' when s.Length == 1:
                negative = true;
                return true;
            case (byte)'+' when s.Length == 1:
                positive = true;
                return true;
            case (byte)'(':
                open = true;
                member = s[1..].ToArray();
                return true;
            case (byte)'[':
                member = s[1..].ToArray();
                return true;
            default:
                return false;
        }
    }
}
