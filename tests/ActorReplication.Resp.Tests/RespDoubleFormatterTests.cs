using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace ActorReplication.Resp.Tests;

public class RespDoubleFormatterTests
{
    [Theory]
    [InlineData(1.5, "1.5")]
    [InlineData(3.0, "3")]
    [InlineData(-3.0, "-3")]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    [InlineData(double.NaN, "nan")]
    [InlineData(1e300, "1e+300")]
    [InlineData(-1e300, "-1e+300")]
    [InlineData(1e-300, "1e-300")]
    [InlineData(0.1, "0.1")]
    [InlineData(0.30000000000000004, "0.30000000000000004")]
    [InlineData(3.14159, "3.14159")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(100.0, "100")]
    [InlineData(1e7, "10000000")]
    [InlineData(1e15, "1000000000000000")]
    [InlineData(1000000000000000.5, "1000000000000000.5")]
    [InlineData(4611686018427387904.0, "4611686018427387904")]
    [InlineData(5e18, "5e+18")]
    [InlineData(1e20, "1e+20")]
    [InlineData(1.2345678901234568e20, "123456789012345680000")]
    [InlineData(1.2345678901234567e30, "1.2345678901234567e+30")]
    [InlineData(1e-6, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(2.5e-5, "0.000025")]
    [InlineData(0.000123, "0.000123")]
    [InlineData(1.23e-7, "1.23e-7")]
    [InlineData(123456.789, "123456.789")]
    [InlineData(1.7976931348623157e308, "1.7976931348623157e+308")]
    [InlineData(5e-324, "5e-324")]
    [InlineData(2.2250738585072014e-308, "2.2250738585072014e-308")]
    [InlineData(12.5e-3, "0.0125")]
    [InlineData(-0.5, "-0.5")]
    public void Formats_like_redis(double value, string expected)
    {
        Span<byte> buffer = stackalloc byte[RespDoubleFormatter.MaxLength];
        int n = RespDoubleFormatter.Format(value, buffer);
        Assert.Equal(expected, Encoding.ASCII.GetString(buffer[..n]));
    }

    [Fact]
    public void Output_round_trips_and_is_short()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<double>(), d =>
        {
            byte[] buffer = new byte[RespDoubleFormatter.MaxLength];
            int n = RespDoubleFormatter.Format(d, buffer);
            string text = Encoding.ASCII.GetString(buffer, 0, n);
            if (double.IsNaN(d))
            {
                return text == "nan";
            }

            return RespNumber.TryParseDouble(buffer.AsSpan(0, n), out double back) && back.Equals(d) && n <= 24;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Random_bit_patterns_round_trip()
    {
        var random = new Random(12345);
        byte[] buffer = new byte[RespDoubleFormatter.MaxLength];
        for (int i = 0; i < 200_000; i++)
        {
            double d = BitConverter.Int64BitsToDouble(random.NextInt64());
            if (double.IsNaN(d))
            {
                continue;
            }

            int n = RespDoubleFormatter.Format(d, buffer);
            Assert.True(RespNumber.TryParseDouble(buffer.AsSpan(0, n), out double back), Encoding.ASCII.GetString(buffer, 0, n));
            Assert.Equal(d, back);
        }
    }
}
