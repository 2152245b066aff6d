namespace ActorReplication.Configuration.Tests;

public class HoconFilesTests
{
    [Theory]
    [InlineData("server {\n  port = 1\n", "node.conf:1:8: '{' is never closed")]
    [InlineData("server {\n  port = 1\n}\n}\n", "node.conf:4:1: unexpected '}'")]
    [InlineData("a = [1, 2}\n", "node.conf:1:10: '}' closes the '[' opened at 1:5")]
    [InlineData("a {\n  b = \"open\n}\n", "node.conf:2:7: unterminated string")]
    [InlineData("a = ${?\n", "node.conf:1:5: unterminated substitution")]
    [InlineData("include required(\"x.conf\")\n", "node.conf:1:9: only include \"file\" is supported")]
    [InlineData("a {\n  b c\n}\n", "node.conf: 'a.b c' has no value")]
    [InlineData("server {\n  port = 6379\n  maxclients = }\n", "node.conf:3:16: expected a value after the key's '=' or ':'")]
    [InlineData("a = ", "node.conf:1:5: expected a value")]
    [InlineData("a = 127.0.0.1:6379\n", "node.conf: Could not parse an unquoted text value containing assignment character")]
    public void A_syntax_error_names_the_file_and_where(string text, string expected)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("node.conf", text);
        var ex = Assert.Throws<ConfigException>(() => HoconFiles.ParseFile(path));
        Assert.StartsWith(path, ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected.Replace("node.conf", "", StringComparison.Ordinal), ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void A_missing_file_is_one_line()
    {
        var ex = Assert.Throws<ConfigException>(() => HoconFiles.ParseFile("no/such/node.conf"));
        Assert.Equal("no/such/node.conf: no such file", ex.Message);
    }

    [Fact]
    public void Includes_are_relative_to_the_including_file_and_later_fields_win()
    {
        using var dir = new TempDirectory();
        dir.Write("conf/common/base.conf", "server { port = 1, bind = \"0.0.0.0\" }\ninclude \"more\"\n");
        dir.Write("conf/common/more.conf", "server { maxclients = 7 }\n");
        var node = dir.Write("conf/node.conf", "include \"common/base.conf\"\nserver.port = 2\n");
        var server = HoconFiles.ParseFile(node).Section("server");
        Assert.Equal(2, server.ReadInt("port"));
        Assert.Equal("0.0.0.0", server.ReadString("bind"));
        Assert.Equal(7, server.ReadInt("maxclients"));
    }

    [Fact]
    public void A_missing_include_names_the_including_file_and_the_path()
    {
        using var dir = new TempDirectory();
        var node = dir.Write("node.conf", "include \"gone.conf\"\n");
        var ex = Assert.Throws<ConfigException>(() => HoconFiles.ParseFile(node));
        Assert.Equal($"{node}: include \"gone.conf\": no such file {Path.Combine(dir.Path, "gone.conf")}", ex.Message);
    }

    [Fact]
    public void An_include_cycle_is_an_error()
    {
        using var dir = new TempDirectory();
        dir.Write("b.conf", "include \"a.conf\"\n");
        var a = dir.Write("a.conf", "include \"b.conf\"\n");
        var ex = Assert.Throws<ConfigException>(() => HoconFiles.ParseFile(a));
        Assert.Contains("include cycle", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_optional_environment_substitution_overrides_when_set()
    {
        var name = "CONFIG_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "7000");
        try
        {
            var config = HoconFiles.ParseString($"server {{\n  port = 6379\n  port = ${{?{name}}}\n}}\n");
            Assert.Equal(7000, config.Section("server").ReadInt("port"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void An_unset_environment_substitution_leaves_the_key_to_the_layer_below()
    {
        var name = "CONFIG_TEST_" + Guid.NewGuid().ToString("N");
        var config = HoconFiles.ParseString($"server {{\n  port = ${{?{name}}}\n  bind = \"::1\"\n}}\n")
            .WithFallback(HoconFiles.ParseString("server { port = 6379, bind = \"127.0.0.1\" }"));
        Assert.Equal(6379, config.Section("server").ReadInt("port"));
        Assert.Equal("::1", config.Section("server").ReadString("bind"));
    }

    [Fact]
    public void An_unset_environment_substitution_keeps_the_value_written_before_it()
    {
        var name = "CONFIG_TEST_" + Guid.NewGuid().ToString("N");
        var config = HoconFiles.ParseString($"test {{\n  timefactor = 1.5\n  timefactor = ${{?{name}}} # optional\n}}\n");
        Assert.Equal(1.5, config.Section("test").ReadDouble("timefactor"));
    }

    [Fact]
    public void An_unset_environment_substitution_inside_a_one_line_object_also_falls_back()
    {
        var name = "CONFIG_TEST_" + Guid.NewGuid().ToString("N");
        var config = HoconFiles.ParseString($"server {{ port = ${{?{name}}}, bind = \"::1\" }}")
            .WithFallback(HoconFiles.ParseString("server { port = 6379 }"));
        Assert.Equal(6379, config.Section("server").ReadInt("port"));
        Assert.Equal("::1", config.Section("server").ReadString("bind"));
    }

    [Fact]
    public void An_environment_value_is_taken_as_a_string_even_with_hocon_characters()
    {
        var name = "CONFIG_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "pa\"ss:#{x}");
        try
        {
            Assert.Equal("pa\"ss:#{x}", HoconFiles.ParseString($"a = ${{?{name}}}").Section().ReadString("a"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Theory]
    [InlineData("replication.replicaof=127.0.0.1:6379", "replication.replicaof", "127.0.0.1:6379")]
    [InlineData("replication.repl-backlog-size = 64mb", "replication.repl-backlog-size", "64mb")]
    [InlineData("server.requirepass=\"a b\"", "server.requirepass", "a b")]
    [InlineData("server.bind=", "server.bind", "")]
    public void An_assignment_reads_a_plain_value_as_typed(string assignment, string path, string expected) =>
        Assert.Equal(expected, HoconFiles.ParseAssignment(assignment, "--set").Section().ReadString(path));

    [Fact]
    public void An_assignment_may_be_a_hocon_list()
    {
        var seeds = HoconFiles.ParseAssignment("cluster.seed-nodes=[\"akka.tcp://n@127.0.0.1:1\"]", "--set").Section("cluster").ReadStringList("seed-nodes");
        Assert.Equal(["akka.tcp://n@127.0.0.1:1"], seeds);
    }

    [Theory]
    [InlineData("port")]
    [InlineData("=5")]
    [InlineData("a..b=1")]
    public void A_malformed_assignment_says_the_expected_form(string assignment)
    {
        var ex = Assert.Throws<ConfigException>(() => HoconFiles.ParseAssignment(assignment, $"--set {assignment}"));
        Assert.StartsWith($"--set {assignment}: expected path=value", ex.Message, StringComparison.Ordinal);
    }
}
