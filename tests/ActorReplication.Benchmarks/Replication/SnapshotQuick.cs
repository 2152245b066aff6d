using System.Diagnostics;
using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Benchmarks.Replication;

/// <summary>
/// <c>snapshot-quick [keys] [chunk]</c>: where a full sync's CPU goes, without actors or sockets. Fills a keyspace the
/// way <c>DEBUG POPULATE keys key 64</c> does, then times the snapshot walk (serialization), the CRC-64 over its bytes,
/// and the loader parsing them into a fresh keyspace in chunk-sized pieces. Prints ms and keys/s for each.
/// </summary>
public static class SnapshotQuick
{
    public static int Run(string[] args)
    {
        int keys = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
        int chunk = args.Length > 1 ? int.Parse(args[1]) : 64 * 1024;
        for (int round = 1; round <= 3; round++)
        {
            var source = new KeyspaceEngine(new KeyspaceSettings(), new SystemClock());
            source.GetDatabase(0).Keys.EnsureCapacity(keys);
            for (int i = 0; i < keys; i++)
            {
                var value = new byte[64];
                System.Text.Encoding.ASCII.GetBytes("value:" + i).CopyTo(value, 0);
                source.RestoreKey(0, System.Text.Encoding.ASCII.GetBytes("key:" + i), value, -1);
            }

            var sw = Stopwatch.StartNew();
            var walk = new SnapshotWalk(1, chunk);
            walk.Begin(source);
            var pieces = new List<byte[]>();
            pieces.Add(SnapshotFormat.EncodeHeader(new SnapshotHeader("0123456789012345678901234567890123456789", 0, source.DatabaseCount, 0)));
            bool done;
            do pieces.Add(walk.RunSlice(out done)); while (!done);
            var walkMs = sw.Elapsed.TotalMilliseconds;

            sw.Restart();
            var crc = new Crc64();
            long bytes = 0;
            foreach (var p in pieces) { crc.Append(p); bytes += p.Length; }
            var crcMs = sw.Elapsed.TotalMilliseconds;
            pieces.Add(SnapshotFormat.EncodeEnd(walk.KeysWritten, ref crc));

            // re-cut into chunk-sized pieces as the snapshot actor does
            var all = new byte[bytes + pieces[^1].Length];
            int at = 0;
            foreach (var p in pieces) { p.CopyTo(all, at); at += p.Length; }
            var chunks = new List<byte[]>();
            for (int o = 0; o < all.Length; o += chunk) chunks.Add(all.AsSpan(o, Math.Min(chunk, all.Length - o)).ToArray());

            long gc0 = GC.CollectionCount(0), gc2 = GC.CollectionCount(2);
            sw.Restart();
            var target = new KeyspaceEngine(new KeyspaceSettings(), new SystemClock());
            var loader = new SnapshotLoader(target);
            foreach (var c in chunks) loader.Feed(c);
            loader.Complete();
            var loadMs = sw.Elapsed.TotalMilliseconds;
            Console.WriteLine($"round {round}: {keys} keys, {all.Length} bytes, chunk {chunk}: walk {walkMs:F0} ms ({keys / walkMs:F0}k keys/s), crc {crcMs:F0} ms, load {loadMs:F0} ms ({keys / loadMs:F0}k keys/s; gen0 {GC.CollectionCount(0) - gc0} gen2 {GC.CollectionCount(2) - gc2})");
        }

        return 0;
    }
}
