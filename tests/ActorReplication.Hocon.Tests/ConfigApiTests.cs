namespace ActorReplication.Hocon.Tests;

public class ConfigApiTests
{
    [Fact]
    public void Fallback_chain_three_deep_takes_each_value_from_the_highest_layer_that_has_it()
    {
        var overrides = Config.ParseString("replication { port = 7001 }", "overrides");
        var node = Config.ParseString("replication { port = 7000, role = replica, master = ${?seed} }", "node.conf");
        var reference = Config.ParseString("""
            replication { port = 6379, role = master, repl-timeout = 60s, master = none, backlog = ${replication.role}-backlog }
            seed = "10.0.0.1:6379"
            """, "reference.conf");

        var config = overrides.WithFallback(node).WithFallback(reference);

        Assert.Equal(7001, config.GetInt("replication.port"));
        Assert.Equal("replica", config.GetString("replication.role"));
        Assert.Equal(TimeSpan.FromSeconds(60), config.GetTimeSpan("replication.repl-timeout"));
        Assert.Equal("10.0.0.1:6379", config.GetString("replication.master"));
        Assert.Equal("replica-backlog", config.GetString("replication.backlog"));
        Assert.Equal(["port", "role", "repl-timeout", "master", "backlog"], config.GetKeys("replication"));
        Assert.Equal("overrides:1:22", config.GetOrigin("replication.port"));
        Assert.Equal("node.conf:1:35", config.GetOrigin("replication.role"));
        Assert.Equal("reference.conf:1:58", config.GetOrigin("replication.repl-timeout"));
    }

    [Fact]
    public void Fallback_associativity_does_not_change_the_result()
    {
        var a = Config.ParseString("x = a");
        var b = Config.ParseString("x = b, y = b");
        var c = Config.ParseString("x = c, y = c, z = c");

        var left = a.WithFallback(b).WithFallback(c);
        var right = a.WithFallback(b.WithFallback(c));

        foreach (var config in new[] { left, right })
        {
            Assert.Equal(("a", "b", "c"), (config.GetString("x"), config.GetString("y"), config.GetString("z")));
        }
    }

    [Fact]
    public void Fallback_does_not_change_either_input()
    {
        var primary = Config.ParseString("a { x = 1 }");
        var fallback = Config.ParseString("a { y = 2 }");

        _ = primary.WithFallback(fallback).GetInt("a.y");

        Assert.Equal(["x"], primary.GetKeys("a"));
        Assert.Equal(["y"], fallback.GetKeys("a"));
    }

    [Fact]
    public void Empty_config_is_neutral()
    {
        var config = Config.ParseString("a = 1");

        Assert.True(Config.Empty.IsEmpty);
        Assert.Empty(Config.Empty.GetKeys());
        Assert.False(Config.Empty.HasPath("a"));
        Assert.Equal(1, Config.Empty.WithFallback(config).GetInt("a"));
        Assert.Equal(1, config.WithFallback(Config.Empty).GetInt("a"));
    }

    [Fact]
    public void WithValue_overrides_a_path_with_hocon_value_text()
    {
        var config = Config.ParseString("replication { master = none, timeout = 60s, tags = [] }");

        var updated = config
            .WithValue("replication.master", "127.0.0.1:6379")
            .WithValue("replication.timeout", "5s")
            .WithValue("replication.tags", "[a, b]")
            .WithValue("replication.name", "\"quoted # text\"")
            .WithValue("other.\"dotted.key\"", "yes");

        Assert.Equal("127.0.0.1:6379", updated.GetString("replication.master"));
        Assert.Equal(TimeSpan.FromSeconds(5), updated.GetTimeSpan("replication.timeout"));
        Assert.Equal(["a", "b"], updated.GetStringList("replication.tags"));
        Assert.Equal("quoted # text", updated.GetString("replication.name"));
        Assert.True(updated.GetBoolean("other.\"dotted.key\""));
        Assert.Equal("none", config.GetString("replication.master"));
    }

    [Fact]
    public void WithValue_can_refer_to_other_keys()
    {
        var config = Config.ParseString("base-port = 7000").WithValue("port", "${base-port}");

        Assert.Equal(7000, config.GetInt("port"));
    }

    [Fact]
    public void WithValue_reports_invalid_value_text_as_a_parse_error()
    {
        var error = Assert.Throws<HoconParseException>(() => Config.Empty.WithValue("a.b", "[1, 2"));

        Assert.Equal("override 'a.b':1:12: expected ']' but found end of input", error.Message);
    }

    [Fact]
    public void WithOverrides_applies_command_line_style_assignments_in_order()
    {
        var config = Config.ParseString("replication { port = 6379, master = none }");

        var updated = config.WithOverrides("replication.port=7000", "replication.master = 127.0.0.1:6379", "replication.port=7001", "x=a=b");

        Assert.Equal(7001, updated.GetInt("replication.port"));
        Assert.Equal("127.0.0.1:6379", updated.GetString("replication.master"));
        Assert.Equal("a=b", updated.GetString("x"));
        Assert.Throws<ArgumentException>(() => config.WithOverrides("no-equals-sign"));
        Assert.Throws<ArgumentException>(() => config.WithOverrides("=value"));
    }

    [Fact]
    public void GetConfig_returns_the_sub_tree_and_names_full_paths_in_errors()
    {
        var config = Config.ParseString("replication { port = abc, nested { deep = 1 } }", "hocon/master.conf");

        var section = config.GetConfig("replication");

        Assert.Equal(["port", "nested"], section.GetKeys());
        Assert.Equal(1, section.GetConfig("nested").GetInt("deep"));
        Assert.Equal(
            "Configuration key 'replication.port' at hocon/master.conf:1:22 has value \"abc\", which is not an int",
            Assert.Throws<ConfigException>(() => section.GetInt("port")).Message);
        Assert.Equal(
            "Missing configuration key 'replication.nested.repl-timeout'",
            Assert.Throws<ConfigException>(() => section.GetConfig("nested").GetTimeSpan("repl-timeout")).Message);
    }

    [Fact]
    public void GetConfig_of_a_missing_path_is_empty_and_of_a_scalar_is_an_error()
    {
        var config = Config.ParseString("a = 1");

        Assert.True(config.GetConfig("missing").IsEmpty);
        Assert.Equal(5, config.GetConfig("missing").GetInt("x", 5));
        Assert.EndsWith("which is not an object", Assert.Throws<ConfigException>(() => config.GetConfig("a")).Message);
    }

    [Fact]
    public void Sub_config_can_take_its_own_fallback()
    {
        var config = Config.ParseString("pool { size = 4 }").GetConfig("pool")
            .WithFallback(Config.ParseString("size = 1, max = 8"));

        Assert.Equal((4, 8), (config.GetInt("size"), config.GetInt("max")));
    }

    [Fact]
    public void HasPath_sees_objects_and_values_but_not_nulls()
    {
        var config = Config.ParseString("a { b = 1 }\nn = null");

        Assert.True(config.HasPath("a"));
        Assert.True(config.HasPath("a.b"));
        Assert.False(config.HasPath("a.c"));
        Assert.False(config.HasPath("n"));
    }

    [Fact]
    public void GetKeys_and_AsEnumerable_enumerate_resolved_entries()
    {
        var config = Config.ParseString("b = ${a}\na = 1\no { y = 2 }");

        Assert.Equal(["b", "a", "o"], config.GetKeys());
        Assert.Equal(["y"], config.GetKeys("o"));
        Assert.Empty(config.GetKeys("missing"));
        Assert.Throws<ConfigException>(() => config.GetKeys("a"));
        var entries = config.AsEnumerable().ToDictionary(pair => pair.Key, pair => pair.Value);
        Assert.Equal("1", Assert.IsType<HoconScalar>(entries["b"]).Value);
        Assert.IsType<HoconObject>(entries["o"]);
    }

    [Fact]
    public void GetOrigin_reports_file_line_and_column_of_each_value()
    {
        var config = Config.ParseString("a {\n  b = 1\n  c = [x]\n}\nd.e = \"s\"", "hocon/master.conf");

        Assert.Equal("hocon/master.conf:2:7", config.GetOrigin("a.b"));
        Assert.Equal("hocon/master.conf:3:7", config.GetOrigin("a.c"));
        Assert.Equal("hocon/master.conf:1:3", config.GetOrigin("a"));
        Assert.Equal("hocon/master.conf:5:7", config.GetOrigin("d.e"));
        Assert.Equal("hocon/master.conf:5:1", config.GetOrigin("d"));
    }
}
