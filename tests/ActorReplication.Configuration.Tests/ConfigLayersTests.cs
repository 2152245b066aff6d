namespace ActorReplication.Configuration.Tests;

public class ConfigLayersTests
{
    private static readonly Akka.Configuration.Config Reference = HoconFiles.ParseString("""
        server {
          port = 6379
          bind = "127.0.0.1"
        }
        replication {
          repl-backlog-size = 1mb
          client-output-buffer-limit-replica { hard-limit = 256mb }
        }
        actor { dispatchers { } }
        """);

    private static ConfigLayers NewLayers() => new(Reference, ["actor.dispatchers"]);

    [Theory]
    [InlineData("server { prot = 1 }", "node.conf: unknown key 'server.prot' (did you mean 'server.port'?)")]
    [InlineData("sever { port = 1 }", "node.conf: unknown key 'sever' (did you mean 'server'?)")]
    [InlineData("replication.client-output-buffer-limit-replica.hard = 1mb", "node.conf: unknown key 'replication.client-output-buffer-limit-replica.hard'")]
    [InlineData("replication { wholly-new = 1 }", "node.conf: unknown key 'replication.wholly-new'")]
    [InlineData("server.port.x = 1", "node.conf: unknown key 'server.port.x' ('server.port' is a value, not a section)")]
    public void An_unknown_key_in_our_sections_is_an_error(string text, string expected)
    {
        var ex = Assert.Throws<ConfigException>(() => NewLayers().Push(HoconFiles.ParseString(text), "node.conf"));
        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    public void Akka_sections_and_open_maps_pass_through()
    {
        var config = NewLayers()
            .Push(HoconFiles.ParseString("akka.loglevel = DEBUG\nactor.dispatchers.fast.throughput = 5"), "node.conf")
            .Merged();
        Assert.Equal("DEBUG", config.Section("akka").ReadString("loglevel"));
        Assert.Equal(5, config.Section("actor.dispatchers.fast").ReadInt("throughput"));
    }

    [Fact]
    public void Later_layers_win_and_the_reference_fills_the_rest()
    {
        var config = NewLayers()
            .Push(HoconFiles.ParseString("server { port = 7000, bind = \"0.0.0.0\" }"), "node.conf")
            .Push(HoconFiles.ParseAssignment("server.port=7001", "--set server.port=7001"), "--set server.port=7001")
            .Merged();
        Assert.Equal(7001, config.Section("server").ReadInt("port"));
        Assert.Equal("0.0.0.0", config.Section("server").ReadString("bind"));
        Assert.Equal(1024 * 1024, config.Section("replication").ReadByteSize("repl-backlog-size"));
    }

    [Fact]
    public void An_error_is_attributed_to_the_highest_layer_that_set_the_key()
    {
        var layers = NewLayers()
            .Push(HoconFiles.ParseString("server.port = 1\nreplication.repl-backlog-size = lots"), "node.conf")
            .Push(HoconFiles.ParseAssignment("server.port=x", "--set server.port=x"), "--set server.port=x");
        var config = layers.Merged();
        var port = Assert.Throws<ConfigException>(() => config.Section("server").ReadInt("port"));
        Assert.Equal("--set server.port=x: Configuration key 'server.port' has value \"x\", which is not an integer", layers.Describe(port));
        var size = Assert.Throws<ConfigException>(() => config.Section("replication").ReadByteSize("repl-backlog-size"));
        Assert.StartsWith("node.conf: Configuration key 'replication.repl-backlog-size'", layers.Describe(size), StringComparison.Ordinal);
    }
}
