using ActorReplication.Replication.Backlog;
using FsCheck;
using FsCheck.Fluent;

namespace ActorReplication.Replication.Tests;

public class BacklogTests
{
    [Fact]
    public void A_new_backlog_starts_after_the_current_offset()
    {
        var b = new ReplicationBacklog(16, 100);
        Assert.Equal(101, b.FirstByteOffset);
        Assert.Equal(0, b.HistLen);
        Assert.True(b.Covers(101));
        Assert.False(b.Covers(100));
        Assert.False(b.Covers(102));
        Assert.True(b.TryReadFrom(101, out var none));
        Assert.Empty(none);
    }

    [Fact]
    public void Wrapping_keeps_the_newest_bytes()
    {
        var b = new ReplicationBacklog(8, 0);
        b.Append("abcdef"u8);
        b.Append("ghijk"u8);
        Assert.Equal(11, b.Offset);
        Assert.Equal(8, b.HistLen);
        Assert.Equal(4, b.FirstByteOffset);
        Assert.True(b.TryReadFrom(4, out var all));
        Assert.Equal("defghijk"u8.ToArray(), all);
        Assert.False(b.TryReadFrom(3, out _));
        Assert.False(b.TryReadFrom(13, out _));
    }

    /// <summary>Whatever is appended in whatever pieces, a read of any covered range returns exactly those stream bytes; any other range is refused.</summary>
    [Fact]
    public void Reads_of_covered_ranges_return_exactly_the_appended_bytes_and_others_are_refused()
    {
        Prop.ForAll(
            Gen.Choose(1, 64).ToArbitrary(),
            Gen.ListOf(Gen.Choose(0, 40)).ToArbitrary(),
            Gen.Choose(0, int.MaxValue).ToArbitrary(),
            (size, pieces, seed) =>
            {
                var rng = new Random(seed);
                long start = rng.Next(0, 1000);
                var backlog = new ReplicationBacklog(size, start);
                var stream = new List<byte>();
                foreach (var n in pieces)
                {
                    var piece = new byte[n];
                    rng.NextBytes(piece);
                    backlog.Append(piece);
                    stream.AddRange(piece);
                }

                long end = start + stream.Count;
                long held = Math.Min(size, stream.Count);
                if (backlog.Offset != end || backlog.HistLen != held || backlog.FirstByteOffset != end - held + 1)
                {
                    return false;
                }

                for (long from = start - 2; from <= end + 2; from++)
                {
                    bool covered = from >= end - held + 1 && from <= end + 1;
                    if (backlog.Covers(from) != covered || backlog.TryReadFrom(from, out var bytes) != covered)
                    {
                        return false;
                    }

                    if (covered && !bytes.AsSpan().SequenceEqual(stream.GetRange((int)(from - start - 1), (int)(end - from + 1)).ToArray()))
                    {
                        return false;
                    }

                    for (int len = 0; len <= 3; len++)
                    {
                        var dest = new byte[len];
                        bool inside = from >= end - held + 1 && from + len - 1 <= end && from <= end + 1;
                        if (backlog.TryRead(from, dest) != inside)
                        {
                            return false;
                        }

                        if (inside && !dest.AsSpan().SequenceEqual(stream.GetRange((int)(from - start - 1), len).ToArray()))
                        {
                            return false;
                        }
                    }
                }

                return true;
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Resizing_keeps_the_newest_bytes_that_fit()
    {
        Prop.ForAll(
            Gen.Choose(1, 40).ToArbitrary(),
            Gen.Choose(1, 40).ToArbitrary(),
            Gen.Choose(0, 100).ToArbitrary(),
            (size, newSize, count) =>
            {
                var b = new ReplicationBacklog(size, 0);
                var stream = Enumerable.Range(0, count).Select(i => (byte)i).ToArray();
                b.Append(stream);
                b.Resize(newSize);
                long keep = Math.Min(Math.Min(size, count), newSize);
                if (b.HistLen != keep || b.Offset != count || b.Size != newSize)
                {
                    return false;
                }

                b.Append([200, 201]);
                var all = stream.Concat(new byte[] { 200, 201 }).ToArray();
                long held = Math.Min(newSize, keep + 2);
                return b.TryReadFrom(count + 2 - held + 1, out var bytes) && bytes.SequenceEqual(all[^(int)held..]);
            }).QuickCheckThrowOnFailure();
    }
}
