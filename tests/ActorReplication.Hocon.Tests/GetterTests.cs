namespace ActorReplication.Hocon.Tests;

public class GetterTests
{
    private static Config Value(string text) => Config.ParseString($"v = {text}", "hocon/master.conf");

    [Theory]
    [InlineData("42", 42)]
    [InlineData("-7", -7)]
    [InlineData("+3", 3)]
    [InlineData("\"12\"", 12)]
    [InlineData("2147483647", int.MaxValue)]
    public void GetInt_reads_integers(string text, int expected) => Assert.Equal(expected, Value(text).GetInt("v"));

    [Theory]
    [InlineData("abc")]
    [InlineData("1.5")]
    [InlineData("2147483648")]
    [InlineData("1k")]
    [InlineData("")]
    public void GetInt_rejects_other_text(string text)
    {
        var config = Config.ParseString($"v = \"{text}\"", "hocon/master.conf");

        var error = Assert.Throws<ConfigException>(() => config.GetInt("v"));

        Assert.Equal($"Configuration key 'v' at hocon/master.conf:1:5 has value \"{text}\", which is not an int", error.Message);
    }

    [Fact]
    public void Wrong_type_message_matches_the_documented_format()
    {
        var config = Config.ParseString("host = x\nport = 1\nport = abc", "hocon/master.conf");

        var error = Assert.Throws<ConfigException>(() => config.GetInt("port"));

        Assert.Equal("Configuration key 'port' at hocon/master.conf:3:8 has value \"abc\", which is not an int", error.Message);
    }

    [Theory]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-5000000000", -5_000_000_000L)]
    public void GetLong_reads_64_bit_integers(string text, long expected) => Assert.Equal(expected, Value(text).GetLong("v"));

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("-2", -2.0)]
    [InlineData("1e3", 1000.0)]
    [InlineData("0.25", 0.25)]
    public void GetDouble_reads_invariant_culture_numbers(string text, double expected) => Assert.Equal(expected, Value(text).GetDouble("v"));

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("on", true)]
    [InlineData("off", false)]
    [InlineData("yes", true)]
    [InlineData("no", false)]
    [InlineData("TRUE", true)]
    [InlineData("\"yes\"", true)]
    public void GetBoolean_accepts_true_false_on_off_yes_no(string text, bool expected) => Assert.Equal(expected, Value(text).GetBoolean("v"));

    [Fact]
    public void GetBoolean_rejects_other_text()
    {
        var error = Assert.Throws<ConfigException>(() => Value("1").GetBoolean("v"));

        Assert.EndsWith("has value \"1\", which is not a boolean (true/false, on/off, yes/no)", error.Message);
    }

    [Theory]
    [InlineData("10ns", 0)] // below the 100ns tick
    [InlineData("100ns", 1)]
    [InlineData("150 nanos", 2)] // rounded to the nearest tick
    [InlineData("1000 nanoseconds", 10)]
    [InlineData("1nanosecond", 0)]
    [InlineData("5us", 50)]
    [InlineData("5 micros", 50)]
    [InlineData("5 micro", 50)]
    [InlineData("1 microsecond", 10)]
    [InlineData("7 microseconds", 70)]
    [InlineData("500ms", 500 * TimeSpan.TicksPerMillisecond)]
    [InlineData("500", 500 * TimeSpan.TicksPerMillisecond)] // a bare number is milliseconds, as in Akka
    [InlineData("100 milliseconds", 100 * TimeSpan.TicksPerMillisecond)]
    [InlineData("1 millisecond", TimeSpan.TicksPerMillisecond)]
    [InlineData("3 millis", 3 * TimeSpan.TicksPerMillisecond)]
    [InlineData("3 milli", 3 * TimeSpan.TicksPerMillisecond)]
    [InlineData("5s", 5 * TimeSpan.TicksPerSecond)]
    [InlineData("1.5s", 15 * TimeSpan.TicksPerSecond / 10)]
    [InlineData("5 seconds", 5 * TimeSpan.TicksPerSecond)]
    [InlineData("1 second", TimeSpan.TicksPerSecond)]
    [InlineData("2m", 2 * TimeSpan.TicksPerMinute)]
    [InlineData("2 minutes", 2 * TimeSpan.TicksPerMinute)]
    [InlineData("1 minute", TimeSpan.TicksPerMinute)]
    [InlineData("1h", TimeSpan.TicksPerHour)]
    [InlineData("3 hours", 3 * TimeSpan.TicksPerHour)]
    [InlineData("1 hour", TimeSpan.TicksPerHour)]
    [InlineData("1d", TimeSpan.TicksPerDay)]
    [InlineData("2 days", 2 * TimeSpan.TicksPerDay)]
    [InlineData("1 day", TimeSpan.TicksPerDay)]
    [InlineData("0s", 0)]
    [InlineData("-5s", -5 * TimeSpan.TicksPerSecond)]
    [InlineData("\"10 s\"", 10 * TimeSpan.TicksPerSecond)]
    public void GetTimeSpan_reads_every_unit(string text, long expectedTicks)
    {
        Assert.Equal(TimeSpan.FromTicks(expectedTicks), Value(text).GetTimeSpan("v"));
    }

    [Fact]
    public void GetTimeSpan_reads_infinite()
    {
        Assert.Equal(Timeout.InfiniteTimeSpan, Value("infinite").GetTimeSpan("v"));
    }

    [Theory]
    [InlineData("5 parsecs")]
    [InlineData("s")]
    [InlineData("five seconds")]
    [InlineData("1.2.3s")]
    [InlineData("99999999999999999999999 days")]
    public void GetTimeSpan_rejects_malformed_durations_naming_the_path(string text)
    {
        var config = Config.ParseString($"timeouts.connect = {text}", "hocon/master.conf");

        var error = Assert.Throws<ConfigException>(() => config.GetTimeSpan("timeouts.connect"));

        Assert.Equal(
            $"Configuration key 'timeouts.connect' at hocon/master.conf:1:20 has value \"{text}\", which is not a duration (e.g. 500ms, 5s, 2m, 1h, 1d)",
            error.Message);
        Assert.Equal("timeouts.connect", error.Path);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("64", 64L)]
    [InlineData("64b", 64L)]
    [InlineData("64B", 64L)]
    [InlineData("10 bytes", 10L)]
    [InlineData("1 byte", 1L)]
    [InlineData("1k", 1_000L)]
    [InlineData("1K", 1_000L)]
    [InlineData("1kb", 1_024L)]
    [InlineData("1KB", 1_024L)]
    [InlineData("1kib", 1_024L)]
    [InlineData("1KiB", 1_024L)]
    [InlineData("1m", 1_000_000L)]
    [InlineData("1mb", 1_048_576L)]
    [InlineData("1Mb", 1_048_576L)]
    [InlineData("1mib", 1_048_576L)]
    [InlineData("1g", 1_000_000_000L)]
    [InlineData("1gb", 1_073_741_824L)]
    [InlineData("1GB", 1_073_741_824L)]
    [InlineData("1gib", 1_073_741_824L)]
    [InlineData("2t", 2_000_000_000_000L)]
    [InlineData("1tb", 1_099_511_627_776L)]
    [InlineData("1tib", 1_099_511_627_776L)]
    [InlineData("512 mb", 536_870_912L)]
    [InlineData("1.5kb", 1_536L)]
    [InlineData("\"100mb\"", 104_857_600L)]
    public void GetByteSize_follows_the_redis_convention(string text, long expected)
    {
        Assert.Equal(expected, Value(text).GetByteSize("v"));
    }

    [Theory]
    [InlineData("1x")]
    [InlineData("-1kb")]
    [InlineData("0.5b")]
    [InlineData("mb")]
    [InlineData("10000000000gb")]
    public void GetByteSize_rejects_malformed_sizes_naming_the_path(string text)
    {
        var config = Config.ParseString($"limits.max = {text}", "hocon/master.conf");

        var error = Assert.Throws<ConfigException>(() => config.GetByteSize("limits.max"));

        Assert.Equal(
            $"Configuration key 'limits.max' at hocon/master.conf:1:14 has value \"{text}\", which is not a byte size (e.g. 64b, 1k, 1kb, 1mib)",
            error.Message);
    }

    [Fact]
    public void GetString_reads_any_simple_value_but_not_objects_or_lists()
    {
        var config = Config.ParseString("n = 42\nb = true\no { x = 1 }\nl = [1]", "c.conf");

        Assert.Equal("42", config.GetString("n"));
        Assert.Equal("true", config.GetString("b"));
        Assert.Equal(
            "Configuration key 'o' at c.conf:3:3 has an object value, which is not a string",
            Assert.Throws<ConfigException>(() => config.GetString("o")).Message);
        Assert.Equal(
            "Configuration key 'l' at c.conf:4:5 has a list value, which is not a string",
            Assert.Throws<ConfigException>(() => config.GetString("l")).Message);
    }

    [Fact]
    public void GetStringList_reads_lists_of_simple_values()
    {
        var config = Config.ParseString("""
            seeds = ["127.0.0.1:6379", 127.0.0.2:6379, 3]
            empty = []
            mixed = [a, { x = 1 }]
            single = a
            """);

        Assert.Equal(["127.0.0.1:6379", "127.0.0.2:6379", "3"], config.GetStringList("seeds"));
        Assert.Empty(config.GetStringList("empty"));
        Assert.EndsWith("has a list value, which is not a list of strings", Assert.Throws<ConfigException>(() => config.GetStringList("mixed")).Message);
        Assert.EndsWith("has value \"a\", which is not a list of strings", Assert.Throws<ConfigException>(() => config.GetStringList("single")).Message);
        Assert.Equal(["d"], config.GetStringList("missing", ["d"]));
        Assert.Equal(["3"], config.GetStringList("seeds", ["d"]).Skip(2));
    }

    [Fact]
    public void Getters_without_default_throw_for_missing_keys()
    {
        var config = Config.ParseString("replication { port = 1 }");

        Action[] getters =
        [
            () => config.GetString("replication.repl-timeout"),
            () => config.GetInt("replication.repl-timeout"),
            () => config.GetLong("replication.repl-timeout"),
            () => config.GetBoolean("replication.repl-timeout"),
            () => config.GetDouble("replication.repl-timeout"),
            () => config.GetTimeSpan("replication.repl-timeout"),
            () => config.GetByteSize("replication.repl-timeout"),
            () => config.GetStringList("replication.repl-timeout"),
            () => config.GetOrigin("replication.repl-timeout"),
        ];

        foreach (var getter in getters)
        {
            var error = Assert.Throws<ConfigException>(getter);
            Assert.Equal("Missing configuration key 'replication.repl-timeout'", error.Message);
        }
    }

    [Fact]
    public void Getters_with_default_return_it_for_missing_or_null_keys()
    {
        var config = Config.ParseString("nothing = null");

        foreach (var path in new[] { "missing", "nothing", "missing.deeper" })
        {
            Assert.Equal("d", config.GetString(path, "d"));
            Assert.Null(config.GetString(path, null));
            Assert.Equal(1, config.GetInt(path, 1));
            Assert.Equal(2L, config.GetLong(path, 2L));
            Assert.True(config.GetBoolean(path, true));
            Assert.Equal(0.5, config.GetDouble(path, 0.5));
            Assert.Equal(TimeSpan.FromSeconds(3), config.GetTimeSpan(path, TimeSpan.FromSeconds(3)));
            Assert.Equal(4L, config.GetByteSize(path, 4L));
        }
    }

    [Fact]
    public void Getters_with_default_still_reject_wrong_types()
    {
        var config = Config.ParseString("port = abc");

        Assert.Throws<ConfigException>(() => config.GetInt("port", 80));
    }

    [Fact]
    public void Null_value_without_default_throws_naming_it_null()
    {
        var config = Config.ParseString("a = null", "n.conf");

        Assert.Equal("Configuration key 'a' at n.conf:1:5 is null", Assert.Throws<ConfigException>(() => config.GetString("a")).Message);
    }

    [Fact]
    public void Value_under_a_non_object_is_missing()
    {
        var config = Config.ParseString("a = 1");

        Assert.False(config.HasPath("a.b"));
        Assert.Equal("Missing configuration key 'a.b'", Assert.Throws<ConfigException>(() => config.GetInt("a.b")).Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData(".a")]
    [InlineData("a.")]
    [InlineData("\"unterminated")]
    public void Invalid_paths_are_argument_errors(string path)
    {
        Assert.Throws<ArgumentException>(() => Config.Empty.HasPath(path));
    }
}
