using System.Buffers;
using System.Text;
using ActorReplication.Resp;
using BenchmarkDotNet.Attributes;

namespace ActorReplication.Benchmarks.Resp;

/// <summary>
/// The request parser as a client connection runs it: a read of 16 pipelined SETs (redis-benchmark -P 16, 64-byte
/// values), the same read cut in the middle of the 9th request and completed by the next read, and one request of
/// 100,000 small arguments arriving in 64 KiB reads. Time and allocations per parsed read.
/// </summary>
[MemoryDiagnoser]
public class RespRequestParserBenchmarks
{
    private readonly RespRequestParser _parser = new() { ConsumesIncompleteRequests = true };
    private readonly RespRequestBatch _batch = new();
    private byte[] _pipeline = [];
    private int _cut;
    private byte[] _large = [];

    [GlobalSetup]
    public void Setup()
    {
        var set = new StringBuilder();
        for (int i = 0; i < 16; i++)
        {
            set.Append($"*3\r\n$3\r\nSET\r\n$16\r\nkey:{i:D12}\r\n$64\r\n{new string('x', 64)}\r\n");
        }

        _pipeline = Encoding.ASCII.GetBytes(set.ToString());
        _cut = (_pipeline.Length / 2) + 20;
        var large = new StringBuilder("*100001\r\n$6\r\nEXISTS\r\n");
        for (int i = 0; i < 100_000; i++)
        {
            large.Append("$8\r\nkkkkkkkk\r\n");
        }

        _large = Encoding.ASCII.GetBytes(large.ToString());
    }

    [Benchmark(Description = "16 SETs in one read")]
    public int Pipeline16()
    {
        _batch.Reset();
        var buffer = new ReadOnlySequence<byte>(_pipeline);
        return _parser.Parse(ref buffer, _batch);
    }

    [Benchmark(Description = "16 SETs in two reads cut mid-request")]
    public int Pipeline16Split()
    {
        _batch.Reset();
        var first = new ReadOnlySequence<byte>(_pipeline, 0, _cut);
        int added = _parser.Parse(ref first, _batch);
        int kept = (int)first.Length;
        var rest = new ReadOnlySequence<byte>(_pipeline, _cut - kept, _pipeline.Length - _cut + kept);
        return added + _parser.Parse(ref rest, _batch);
    }

    [Benchmark(Description = "100,000 arguments in 64 KiB reads")]
    public int ManyArguments()
    {
        _batch.Reset();
        int start = 0;
        int added = 0;
        for (int end = Math.Min(65536, _large.Length); ; end = Math.Min(end + 65536, _large.Length))
        {
            var buffer = new ReadOnlySequence<byte>(_large, start, end - start);
            long before = buffer.Length;
            added += _parser.Parse(ref buffer, _batch);
            start += (int)(before - buffer.Length);
            if (end == _large.Length)
            {
                return added;
            }
        }
    }
}
