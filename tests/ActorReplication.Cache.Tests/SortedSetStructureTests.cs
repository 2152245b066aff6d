using System.Text;
using ActorReplication.Cache.Keyspace;
using FsCheck;
using FsCheck.Fluent;

namespace ActorReplication.Cache.Tests;

/// <summary><see cref="SortedSetValue"/> and its skip list against a model: a list kept sorted by (score, member).</summary>
public class SortedSetStructureTests
{
    private static int Compare((double Score, string Member) a, (double Score, string Member) b)
    {
        int c = a.Score.CompareTo(b.Score);
        return c != 0 ? c : string.CompareOrdinal(a.Member, b.Member);
    }

    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    [Fact]
    public void Random_operations_keep_order_rank_and_ranges_equal_to_a_sorted_list()
    {
        Prop.ForAll(Arb.From(Gen.Choose(0, int.MaxValue)), seed =>
        {
            var rng = new Random(seed);
            var zset = new SortedSetValue();
            var model = new List<(double Score, string Member)>();
            for (int step = 0; step < 600; step++)
            {
                string member = "m" + rng.Next(120);
                double score = rng.Next(4) switch
                {
                    0 => rng.Next(10), // many ties: order falls back to the member bytes
                    1 => rng.NextDouble() * 100 - 50,
                    2 => rng.Next(2) == 0 ? double.PositiveInfinity : double.NegativeInfinity,
                    _ => rng.Next(-3, 3),
                };
                int at = model.FindIndex(e => e.Member == member);
                int op = rng.Next(3);
                if (op == 0 && at >= 0)
                {
                    Assert.True(zset.RemoveMember(B(member)));
                    model.RemoveAt(at);
                }
                else if (at >= 0)
                {
                    zset.SetScore(zset.Find(B(member)), score);
                    model[at] = (score, member);
                }
                else
                {
                    zset.Add(B(member), score);
                    model.Add((score, member));
                }

                model.Sort(Compare);
            }

            // Order forwards and backwards.
            var forward = new List<(double, string)>();
            for (SkipListNode? n = zset.Ordered.First; n is not null; n = n.Next)
            {
                forward.Add((n.Score, Encoding.ASCII.GetString(n.Member)));
            }

            var backward = new List<(double, string)>();
            for (SkipListNode? n = zset.Ordered.Last; n is not null; n = n.Previous)
            {
                backward.Insert(0, (n.Score, Encoding.ASCII.GetString(n.Member)));
            }

            Assert.Equal(model, forward);
            Assert.Equal(model, backward);
            Assert.Equal(model.Count, zset.Count);
            Assert.Equal(model.Count, zset.Ordered.Count);

            // Rank both ways and element by rank.
            for (int i = 0; i < model.Count; i++)
            {
                Assert.Equal(i, zset.RankOf(B(model[i].Member), reverse: false));
                Assert.Equal(model.Count - 1 - i, zset.RankOf(B(model[i].Member), reverse: true));
                Assert.Equal(model[i].Member, Encoding.ASCII.GetString(zset.Ordered.ByRank(i + 1)!.Member));
            }

            Assert.Null(zset.Ordered.ByRank(0));
            Assert.Null(zset.Ordered.ByRank(model.Count + 1));
            Assert.Equal(-1, zset.RankOf(B("absent"), reverse: false));

            // Score ranges with open and closed ends.
            for (int k = 0; k < 20; k++)
            {
                double a = rng.Next(-12, 12), b = rng.Next(-12, 12);
                var range = new ScoreRange(Math.Min(a, b), Math.Max(a, b), rng.Next(2) == 0, rng.Next(2) == 0);
                var expected = model.Where(e => range.AboveMin(e.Score) && range.BelowMax(e.Score)).ToList();
                SkipListNode? first = zset.Ordered.FirstIn(range);
                SkipListNode? last = zset.Ordered.LastIn(range);
                Assert.Equal(expected.Count == 0 ? null : expected[0].Member, first is null ? null : Encoding.ASCII.GetString(first.Member));
                Assert.Equal(expected.Count == 0 ? null : expected[^1].Member, last is null ? null : Encoding.ASCII.GetString(last.Member));
            }

            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(60));
    }

    [Fact]
    public void Lex_ranges_over_equal_scores_follow_member_bytes()
    {
        var zset = new SortedSetValue();
        foreach (string m in new[] { "a", "b", "c", "d", "e" })
        {
            zset.Add(B(m), 0);
        }

        var bToD = new LexRange(B("b"), B("d"), false, true, false, false, false, false);
        Assert.Equal("b", Encoding.ASCII.GetString(zset.Ordered.FirstIn(bToD)!.Member));
        Assert.Equal("c", Encoding.ASCII.GetString(zset.Ordered.LastIn(bToD)!.Member));
        var all = new LexRange([], [], false, false, true, false, false, true);
        Assert.Equal("a", Encoding.ASCII.GetString(zset.Ordered.FirstIn(all)!.Member));
        Assert.Equal("e", Encoding.ASCII.GetString(zset.Ordered.LastIn(all)!.Member));
        var empty = new LexRange(B("c"), B("c"), true, false, false, false, false, false);
        Assert.True(empty.IsEmpty);
        Assert.Null(zset.Ordered.FirstIn(empty));
    }
}
