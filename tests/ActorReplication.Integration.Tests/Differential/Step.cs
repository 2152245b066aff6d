using System.Globalization;
using System.Text;
using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Differential;

/// <summary>
/// One command of a differential script and how its reply may be normalised before the byte comparison. Written as
/// <c>[normaliser] COMMAND arg "quoted arg"</c>; normalisers only remove what legitimately differs between two
/// servers (order of unordered collections, ids, versions, TTL drift):
/// <list type="bullet">
/// <item><c>[sorted]</c> elements of an unordered array/set reply sorted (SMEMBERS, KEYS, SINTER...).</item>
/// <item><c>[pairs]</c> field/value pairs of an unordered map or flat array sorted (HGETALL, CONFIG GET a b).</item>
/// <item><c>[scan]</c> / <c>[hscan]</c> a SCAN-family reply with its keys (or field/value pairs) sorted; the cursor stays as it is.</item>
/// <item><c>[ttl:N]</c> / <c>[pttl:N]</c> an integer up to 5 s below N (the time that passed) is read as N.</item>
/// <item><c>[hello]</c> the values of "id" and "version" in a HELLO map blanked.</item>
/// <item><c>[int]</c> any integer reply blanked (its type still counts), e.g. CLIENT ID, OBJECT IDLETIME (seconds elapsed).</item>
/// </list>
/// An argument written <c>@last</c> stands for the previous step's bulk reply on the same server (a DUMP payload to
/// RESTORE). Arguments go out as bytes: Latin-1 when every character is below 256 (so <c>\xff</c> is the byte 0xFF, as
/// in redis-cli), UTF-8 otherwise.
/// </summary>
public sealed record Step(string[] Args, string Normaliser, string Source)
{
    public static Step Parse(string source)
    {
        var text = source.Trim();
        var normaliser = "";
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            normaliser = text[1..close];
            text = text[(close + 1)..].Trim();
        }
        return new Step(Tokenize(text), normaliser, source);
    }

    /// <summary>Space-separated; double quotes group and allow \" \\ \r \n \t \xHH (as redis-cli).</summary>
    private static string[] Tokenize(string text)
    {
        var args = new List<string>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == ' ')
            {
                i++;
                continue;
            }
            var arg = new StringBuilder();
            if (text[i] == '"')
            {
                i++;
                while (text[i] != '"')
                {
                    if (text[i] == '\\')
                    {
                        i++;
                        switch (text[i])
                        {
                            case 'r': arg.Append('\r'); break;
                            case 'n': arg.Append('\n'); break;
                            case 't': arg.Append('\t'); break;
                            case 'x':
                                arg.Append((char)int.Parse(text.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                                i += 2;
                                break;
                            default: arg.Append(text[i]); break;
                        }
                    }
                    else
                    {
                        arg.Append(text[i]);
                    }
                    i++;
                }
                i++;
            }
            else
            {
                while (i < text.Length && text[i] != ' ') arg.Append(text[i++]);
            }
            args.Add(arg.ToString());
        }
        return args.ToArray();
    }

    /// <summary>The arguments' bytes, <c>@last</c> replaced by <paramref name="last"/> (the previous reply's payload).</summary>
    public byte[][] ArgBytes(byte[]? last) =>
        Args.Select(a => a == "@last" ? last ?? throw new InvalidOperationException($"'{Source}': no bulk reply before it")
            : a.All(ch => ch < 256) ? Encoding.Latin1.GetBytes(a) : Encoding.UTF8.GetBytes(a)).ToArray();

    public Reply Normalise(Reply reply)
    {
        if (Normaliser.Length == 0 || reply.IsError) return reply;
        var colon = Normaliser.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? Normaliser : Normaliser[..colon];
        switch (kind)
        {
            case "sorted":
                return reply.IsAggregate ? reply.WithItems(Sorted(reply.Items)) : reply;
            case "pairs":
                return reply.IsAggregate ? reply.WithItems(SortedPairs(reply.Items)) : reply;
            case "scan" when reply.Items.Count == 2:
                return reply.WithItems([reply.Items[0], reply.Items[1].WithItems(Sorted(reply.Items[1].Items))]);
            case "hscan" when reply.Items.Count == 2:
                return reply.WithItems([reply.Items[0], reply.Items[1].WithItems(SortedPairs(reply.Items[1].Items))]);
            case "ttl" or "pttl" when reply.Type == ':':
            {
                var expected = long.Parse(Normaliser[(colon + 1)..], CultureInfo.InvariantCulture);
                var tolerance = kind == "ttl" ? 5 : 5000;
                var value = reply.Integer;
                return value <= expected && value >= expected - tolerance ? new Reply(':', expected.ToString(CultureInfo.InvariantCulture)) : reply;
            }
            case "hello":
            {
                var items = reply.Items.ToList();
                for (var i = 0; i + 1 < items.Count; i += 2)
                {
                    if (items[i].Text == "id" && items[i + 1].Type == ':') items[i + 1] = new Reply(':', "0");
                    if (items[i].Text == "version" && items[i + 1].Type == '$') items[i + 1] = Reply.Bulk("(version)");
                }
                return reply.WithItems(items);
            }
            case "int" when reply.Type == ':':
                return new Reply(':', "0");
            case "scan" or "hscan" or "ttl" or "pttl" or "int":
                return reply;
            default:
                throw new InvalidOperationException($"Unknown normaliser [{Normaliser}] in '{Source}'");
        }
    }

    private static List<Reply> Sorted(IReadOnlyList<Reply> items) =>
        items.OrderBy(r => Convert.ToHexString(r.ToBytes()), StringComparer.Ordinal).ToList();

    private static List<Reply> SortedPairs(IReadOnlyList<Reply> items) =>
        items.Chunk(2)
            .OrderBy(pair => Convert.ToHexString(pair[0].ToBytes()), StringComparer.Ordinal)
            .SelectMany(pair => pair)
            .ToList();

    public override string ToString() => Source;
}
