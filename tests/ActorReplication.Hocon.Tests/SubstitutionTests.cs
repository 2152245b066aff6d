namespace ActorReplication.Hocon.Tests;

public class SubstitutionTests
{
    private static Config Parse(string text) => Config.ParseString(text, "test.conf");

    [Fact]
    public void Required_substitution_copies_a_value()
    {
        var config = Parse("a = ${b.c}\nb.c = 5");

        Assert.Equal(5, config.GetInt("a"));
        Assert.Equal("test.conf:2:7", config.GetOrigin("a")); // the value's origin is where it was written
    }

    [Fact]
    public void Substitution_may_copy_objects_and_lists()
    {
        var config = Parse("defaults { x = 1, y = [a, b] }\ncopy = ${defaults}\nlist = ${defaults.y}");

        Assert.Equal(1, config.GetInt("copy.x"));
        Assert.Equal(["a", "b"], config.GetStringList("copy.y"));
        Assert.Equal(["a", "b"], config.GetStringList("list"));
    }

    [Fact]
    public void Substitutions_are_concatenated_with_surrounding_text()
    {
        var config = Parse("""
            host = localhost
            port = 6379
            address = ${host}:${port}
            url = "redis://"${host}":"${port}/0
            spaced = x ${host} y
            """);

        Assert.Equal("localhost:6379", config.GetString("address"));
        Assert.Equal("redis://localhost:6379/0", config.GetString("url"));
        Assert.Equal("x localhost y", config.GetString("spaced"));
    }

    [Fact]
    public void Substitution_chains_resolve()
    {
        var config = Parse("a = ${b}\nb = ${c}\nc = ${d.e}\nd { e = deep }");

        Assert.Equal("deep", config.GetString("a"));
    }

    [Fact]
    public void Substitution_reaches_into_a_substituted_object()
    {
        var config = Parse("a = ${b}\nb { x = 1, y = ${a.x} }");

        Assert.Equal(1, config.GetInt("b.y"));
        Assert.Equal(1, config.GetInt("a.y"));
    }

    [Fact]
    public void Substitution_inside_an_object_can_refer_to_a_sibling_of_that_object()
    {
        var config = Parse("a { x = ${a.y}, y = 1 }");

        Assert.Equal(1, config.GetInt("a.x"));
        Assert.Equal(1, config.GetConfig("a").GetInt("x"));
    }

    [Fact]
    public void Missing_required_substitution_names_path_and_origin()
    {
        var config = Parse("x = 1\nserver { port = ${missing.port} }");

        var error = Assert.Throws<ConfigException>(() => config.GetInt("server.port"));

        Assert.Equal(
            "Could not resolve ${missing.port} at test.conf:2:17 (configuration key 'server.port'): " +
            "it is defined neither in the configuration nor as an environment variable",
            error.Message);
        Assert.Equal("server.port", error.Path);
    }

    [Fact]
    public void Broken_substitution_only_fails_the_values_that_reach_it()
    {
        var config = Parse("good = 1\nbad = ${nope}");

        Assert.Equal(1, config.GetInt("good"));
        Assert.Throws<ConfigException>(() => config.GetInt("bad"));
        Assert.Throws<ConfigException>(() => config.Resolve());
        Assert.Throws<ConfigException>(() => config.Root);
    }

    [Theory]
    [InlineData("a = ${a}", "a", "a -> a")]
    [InlineData("a = ${b}\nb = ${a}", "b", "a -> b -> a")]
    [InlineData("a = ${b}\nb = ${c}\nc = ${a}", "c", "a -> b -> c -> a")]
    [InlineData("a = x${b}\nb = y${a}", "b", "a -> b -> a")]
    public void Cycles_throw_naming_the_cycle_and_origin(string text, string lastPath, string cycle)
    {
        var config = Parse(text);

        var error = Assert.Throws<ConfigException>(() => config.GetString("a"));

        Assert.Contains($"(configuration key '{lastPath}'): substitution cycle {cycle}", error.Message);
        Assert.Matches(@"^Could not resolve \$\{\w\} at test\.conf:\d+:\d+ ", error.Message);
    }

    [Fact]
    public void Optional_substitution_of_missing_path_leaves_field_absent()
    {
        var config = Parse("a = ${?does.not.exist}\nb = 1");

        Assert.False(config.HasPath("a"));
        Assert.Equal(["b"], config.GetKeys());
        Assert.Equal("fallback", config.GetString("a", "fallback"));
        Assert.Throws<ConfigException>(() => config.GetString("a"));
    }

    [Fact]
    public void Optional_substitution_of_missing_path_keeps_previous_value()
    {
        var config = Parse("port = 2552\nport = ${?ACTOR_REPLICATION_SURELY_UNSET_VARIABLE}");

        Assert.Equal(2552, config.GetInt("port"));
    }

    [Fact]
    public void Optional_substitution_prefers_config_path_over_environment()
    {
        var name = UniqueVariableName();
        Environment.SetEnvironmentVariable(name, "from-env");
        try
        {
            var config = Parse($"{name} = from-config\na = ${{?{name}}}");

            Assert.Equal("from-config", config.GetString("a"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Substitutions_fall_back_to_environment_variables()
    {
        var name = UniqueVariableName();
        Environment.SetEnvironmentVariable(name, "7000");
        try
        {
            var config = Parse($$"""
                port = 6379
                port = ${?{{name}}}
                required = ${{{name}}}
                text = "port "${?{{name}}}
                """);

            Assert.Equal(7000, config.GetInt("port"));
            Assert.Equal(7000, config.GetInt("required"));
            Assert.Equal("port 7000", config.GetString("text"));
            Assert.Equal($"environment variable {name}", config.GetOrigin("port"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Undefined_optional_substitution_adds_nothing_to_a_concatenation()
    {
        var config = Parse("a = x${?ACTOR_REPLICATION_SURELY_UNSET_VARIABLE}y");

        Assert.Equal("xy", config.GetString("a"));
    }

    [Fact]
    public void Object_written_over_a_substitution_merges_with_its_result()
    {
        var config = Parse("""
            defaults { timeout = 5s, retries = 3 }
            client = ${defaults}
            client { retries = 10 }
            """);

        Assert.Equal(TimeSpan.FromSeconds(5), config.GetTimeSpan("client.timeout"));
        Assert.Equal(10, config.GetInt("client.retries"));
    }

    [Fact]
    public void Substituted_object_merges_with_the_object_it_replaces()
    {
        var config = Parse("""
            client { timeout = 1s, name = x }
            client = ${overrides}
            overrides { timeout = 2s }
            """);

        Assert.Equal(TimeSpan.FromSeconds(2), config.GetTimeSpan("client.timeout"));
        Assert.Equal("x", config.GetString("client.name"));
    }

    [Fact]
    public void Object_or_list_cannot_join_text()
    {
        var config = Parse("o { x = 1 }\na = prefix ${o}");

        var error = Assert.Throws<ConfigException>(() => config.GetString("a"));

        Assert.Equal("Configuration key 'a' at test.conf:2:5: ${o} is an object and cannot be joined with text", error.Message);
    }

    [Fact]
    public void Substitution_in_node_file_resolves_from_fallback()
    {
        var config = Config.ParseString("a = ${b}").WithFallback(Config.ParseString("b = 5"));

        Assert.Equal(5, config.GetInt("a"));
    }

    [Fact]
    public void Fallback_substitutions_see_overrides_from_the_primary()
    {
        var reference = Config.ParseString("""
            replication { host = localhost, port = 6379, address = ${replication.host}":"${replication.port} }
            """, "reference.conf");
        var node = Config.ParseString("replication.port = 7000", "node.conf");

        var config = node.WithFallback(reference);

        Assert.Equal("localhost:7000", config.GetString("replication.address"));
        Assert.Equal("localhost:6379", reference.GetString("replication.address"));
    }

    [Fact]
    public void Get_config_resolves_substitutions_from_the_root()
    {
        var config = Config.ParseString("a { b = ${shared.value}, c = ${?nothing} }\nshared.value = 42");

        var section = config.GetConfig("a");

        Assert.Equal(42, section.GetInt("b"));
        Assert.False(section.HasPath("c"));
        Assert.Equal(["b"], section.GetKeys());
    }

    [Fact]
    public void Get_config_of_merged_configs_resolves_against_the_merged_root()
    {
        var config = Config.ParseString("a { b = ${limit} }", "node.conf")
            .WithFallback(Config.ParseString("limit = 1mb", "reference.conf"));

        Assert.Equal(1024 * 1024, config.GetConfig("a").GetByteSize("b"));
        Assert.Equal("reference.conf:1:9", config.GetConfig("a").GetOrigin("b"));
    }

    [Fact]
    public void Resolve_returns_a_fully_resolved_config()
    {
        var config = Config.ParseString("a = ${b}\nb = [1, ${c}]\nc = 2").Resolve();

        Assert.Equal(["1", "2"], config.GetStringList("a"));
        Assert.Equal(["a", "b", "c"], config.Root.Keys);
    }

    [Fact]
    public void Resolution_is_safe_from_many_threads()
    {
        var text = string.Join('\n', Enumerable.Range(0, 50).Select(i => $"k{i} = ${{v{i}}}\nv{i} = {i}"));
        var config = Config.ParseString(text);

        var results = new int[50];
        Parallel.For(0, 50, i => results[i] = config.GetInt($"k{i}"));

        Assert.Equal(Enumerable.Range(0, 50), results);
    }

    private static string UniqueVariableName() => "AR_HOCON_TEST_" + Guid.NewGuid().ToString("N");
}
