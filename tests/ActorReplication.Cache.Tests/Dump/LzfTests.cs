using ActorReplication.Cache.Dump;

namespace ActorReplication.Cache.Tests.Dump;

public class LzfTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(21)]
    [InlineData(300)]
    [InlineData(70_000)]
    public void Decompress_gives_back_what_was_compressed(int length)
    {
        var rng = new Random(length);
        foreach (int alphabet in new[] { 2, 16, 256 })
        {
            byte[] input = new byte[length];
            for (int i = 0; i < length; i++)
            {
                input[i] = (byte)rng.Next(alphabet);
            }

            byte[]? compressed = Lzf.Compress(input, length + (length / 32) + 64);
            Assert.NotNull(compressed);
            byte[] output = new byte[length];
            Assert.True(Lzf.TryDecompress(compressed, output));
            Assert.Equal(input, output);
        }
    }

    [Fact]
    public void Compress_gives_up_when_the_output_would_not_fit()
    {
        var rng = new Random(7);
        byte[] noise = new byte[100];
        rng.NextBytes(noise);
        Assert.Null(Lzf.Compress(noise, noise.Length - 4));
    }

    [Fact]
    public void Decompress_refuses_data_that_does_not_produce_the_stated_length()
    {
        byte[] compressed = Lzf.Compress(new byte[100], 96)!;
        Assert.False(Lzf.TryDecompress(compressed, new byte[99]));
        Assert.False(Lzf.TryDecompress(compressed, new byte[101]));
        Assert.False(Lzf.TryDecompress([0x20, 0x00], new byte[3])); // a reference before the start
        Assert.False(Lzf.TryDecompress([0x05, 0x61], new byte[6])); // a literal run cut short
    }
}
