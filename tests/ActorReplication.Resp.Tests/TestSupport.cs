using System.Buffers;
using System.Text;

namespace ActorReplication.Resp.Tests;

internal sealed class Segment : ReadOnlySequenceSegment<byte>
{
    public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

    public Segment Append(ReadOnlyMemory<byte> memory)
    {
        var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
        Next = next;
        return next;
    }
}

internal static class TestSupport
{
    public static byte[] Bytes(string s) => Encoding.Latin1.GetBytes(s);

    /// <summary>A sequence made of the given pieces, each in its own segment (each copied into its own array).</summary>
    public static ReadOnlySequence<byte> FromPieces(IReadOnlyList<byte[]> pieces)
    {
        if (pieces.Count == 0)
        {
            return ReadOnlySequence<byte>.Empty;
        }

        var first = new Segment(pieces[0].ToArray());
        Segment last = first;
        for (int i = 1; i < pieces.Count; i++)
        {
            last = last.Append(pieces[i].ToArray());
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    /// <summary>The data cut at the given offsets into separate segments.</summary>
    public static ReadOnlySequence<byte> Split(byte[] data, params int[] cuts)
    {
        var pieces = new List<byte[]>();
        int start = 0;
        foreach (int cut in cuts)
        {
            pieces.Add(data[start..cut]);
            start = cut;
        }

        pieces.Add(data[start..]);
        return FromPieces(pieces);
    }

    public static ReadOnlySequence<byte> OneBytePerSegment(byte[] data)
    {
        var pieces = new List<byte[]>(data.Length);
        foreach (byte b in data)
        {
            pieces.Add([b]);
        }

        return FromPieces(pieces);
    }

    /// <summary>Every way of presenting the complete data: contiguous, split in two at every boundary, split in three, one byte per segment.</summary>
    public static IEnumerable<(string Description, ReadOnlySequence<byte> Sequence)> Layouts(byte[] data)
    {
        yield return ("contiguous", new ReadOnlySequence<byte>(data));
        for (int i = 0; i <= data.Length; i++)
        {
            yield return ($"split at {i}", Split(data, i));
        }

        for (int i = 1; i < data.Length; i += 3)
        {
            for (int j = i; j < data.Length; j += 5)
            {
                yield return ($"split at {i},{j}", Split(data, i, j));
            }
        }

        yield return ("one byte per segment", OneBytePerSegment(data));
    }

    /// <summary>Stable, exact text for a list of requests (hex per argument).</summary>
    public static string Describe(IEnumerable<string[]> requests) =>
        string.Join(" | ", requests.Select(r => string.Join(" ", r)));

    public static string[] HexArgs(RespCommand command)
    {
        var args = new string[command.ArgCount];
        for (int i = 0; i < args.Length; i++)
        {
            args[i] = Convert.ToHexString(command.Arg(i));
        }

        return args;
    }

    public static string[] HexArgs(params string[] args) => args.Select(a => Convert.ToHexString(Bytes(a))).ToArray();

    /// <summary>Parses all complete requests; returns them (hex) and the consumed byte count.</summary>
    public static (List<string[]> Requests, long Consumed) ParseAll(ReadOnlySequence<byte> sequence, RespRequestParser? parser = null)
    {
        parser ??= new RespRequestParser();
        using var batch = new RespRequestBatch();
        long length = sequence.Length;
        ReadOnlySequence<byte> buffer = sequence;
        parser.Parse(ref buffer, batch);
        var result = new List<string[]>();
        for (int i = 0; i < batch.Count; i++)
        {
            result.Add(HexArgs(batch[i]));
        }

        return (result, length - buffer.Length);
    }

    /// <summary>
    /// Feeds the data as if it arrived one byte per read, keeping unconsumed bytes (one segment per arrival) like a
    /// PipeReader, parsing after every byte. Returns the requests and the leftover byte count.
    /// </summary>
    public static (List<string[]> Requests, int Leftover) ParseIncrementally(byte[] data, RespRequestParser? parser = null)
    {
        parser ??= new RespRequestParser();
        using var batch = new RespRequestBatch();
        var result = new List<string[]>();
        int start = 0;
        for (int end = 1; end <= data.Length; end++)
        {
            ReadOnlySequence<byte> buffer = OneBytePerSegment(data[start..end]);
            long before = buffer.Length;
            batch.Reset();
            parser.Parse(ref buffer, batch);
            start += (int)(before - buffer.Length);
            for (int i = 0; i < batch.Count; i++)
            {
                result.Add(HexArgs(batch[i]));
            }
        }

        return (result, data.Length - start);
    }

    public static RespValue ReadReply(byte[] data)
    {
        var buffer = new ReadOnlySequence<byte>(data);
        Assert.True(RespReplyReader.TryReadOne(ref buffer, out RespValue? value));
        Assert.Equal(0, buffer.Length);
        return value;
    }

    public static byte[] Write(RespProtocol protocol, Action<RespWriter> write)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new RespWriter(output, protocol);
        write(writer);
        return output.WrittenSpan.ToArray();
    }

    public static string WriteText(RespProtocol protocol, Action<RespWriter> write) => Encoding.Latin1.GetString(Write(protocol, write));
}
