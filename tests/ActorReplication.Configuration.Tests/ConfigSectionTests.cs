namespace ActorReplication.Configuration.Tests;

public class ConfigSectionTests
{
    private static ConfigSection Section(string hocon, string path) => HoconFiles.ParseString(hocon).Section(path);

    [Fact]
    public void Values_are_read_with_their_units()
    {
        var s = Section("""
            r {
              size = 64kb
              timeout = 5s
              quick = 250ms
              forever = infinite
              on = yes
              off = no
              count = 42
              ratio = 8.5
              seeds = ["akka.tcp://a@127.0.0.1:1", "akka.tcp://b@127.0.0.1:2"]
              none = []
              name = "127.0.0.1:6379"
            }
            """, "r");
        Assert.Equal(65536, s.ReadByteSize("size"));
        Assert.Equal(TimeSpan.FromSeconds(5), s.ReadTimeSpan("timeout"));
        Assert.Equal(TimeSpan.FromMilliseconds(250), s.ReadTimeSpan("quick"));
        Assert.Equal(Timeout.InfiniteTimeSpan, s.ReadTimeSpan("forever"));
        Assert.True(s.ReadBoolean("on"));
        Assert.False(s.ReadBoolean("off"));
        Assert.Equal(42, s.ReadInt("count"));
        Assert.Equal(8.5, s.ReadDouble("ratio"));
        Assert.Equal(["akka.tcp://a@127.0.0.1:1", "akka.tcp://b@127.0.0.1:2"], s.ReadStringList("seeds"));
        Assert.Empty(s.ReadStringList("none"));
        Assert.Equal("127.0.0.1:6379", s.ReadString("name"));
        Assert.Equal(["size", "timeout", "quick", "forever", "on", "off", "count", "ratio", "seeds", "none", "name"], s.Keys());
    }

    [Theory]
    [InlineData("repl-backlog-size = lots", "ReadByteSize", "'replication.repl-backlog-size' has value \"lots\", which is not a byte size")]
    [InlineData("repl-timeout = soon", "ReadTimeSpan", "'replication.repl-timeout' has value \"soon\", which is not a duration")]
    [InlineData("replica-read-only = maybe", "ReadBoolean", "'replication.replica-read-only' has value \"maybe\", which is not a boolean")]
    [InlineData("replica-priority = high", "ReadInt", "'replication.replica-priority' has value \"high\", which is not an integer")]
    [InlineData("replicaof { host = x }", "ReadString", "'replication.replicaof' has an object, which is not a string")]
    [InlineData("seeds = x", "ReadStringList", "'replication.seeds' has value \"x\", which is not a list of strings")]
    public void A_bad_value_names_the_full_key_path_and_the_value(string line, string getter, string expected)
    {
        var section = Section($"replication {{ {line} }}", "replication");
        var key = line[..line.IndexOf(' ', StringComparison.Ordinal)];
        var ex = Assert.Throws<ConfigException>(() => Read(section, getter, key));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal($"replication.{key}", ex.Path);
    }

    [Fact]
    public void A_missing_key_is_an_error_not_a_zero()
    {
        var ex = Assert.Throws<ConfigException>(() => Section("server { port = 1 }", "server").ReadInt("prot"));
        Assert.Equal("Configuration key 'server.prot' is missing", ex.Message);
    }

    private static object Read(ConfigSection section, string getter, string key) => getter switch
    {
        "ReadByteSize" => section.ReadByteSize(key),
        "ReadTimeSpan" => section.ReadTimeSpan(key),
        "ReadBoolean" => section.ReadBoolean(key),
        "ReadInt" => section.ReadInt(key),
        "ReadString" => section.ReadString(key),
        _ => section.ReadStringList(key),
    };
}
