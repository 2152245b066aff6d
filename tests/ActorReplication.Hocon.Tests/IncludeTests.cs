namespace ActorReplication.Hocon.Tests;

public sealed class IncludeTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("include \"defaults.conf\"")]
    [InlineData("include file(\"defaults.conf\")")]
    [InlineData("include required(\"defaults.conf\")")]
    [InlineData("include required(file(\"defaults.conf\"))")]
    [InlineData("include \"defaults\"")] // .conf is tried when the name has no extension
    public void Include_forms_merge_the_included_file(string directive)
    {
        _directory.Write("defaults.conf", "a = 1\nb { x = 1 }");
        var main = _directory.Write("main.conf", $"{directive}\nb.y = 2");

        var config = Config.ParseFile(main);

        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal((1, 2), (config.GetInt("b.x"), config.GetInt("b.y")));
    }

    [Fact]
    public void Include_paths_are_relative_to_the_including_file()
    {
        _directory.Write("conf/main.conf", "include \"sub/part.conf\"");
        _directory.Write("conf/sub/part.conf", "include \"leaf.conf\"\npart = yes");
        _directory.Write("conf/sub/leaf.conf", "leaf = 1");

        var config = Config.ParseFile(Path.Combine(_directory.Path, "conf/main.conf"));

        Assert.True(config.GetBoolean("part"));
        Assert.Equal(1, config.GetInt("leaf"));
        Assert.Equal($"{Path.Combine(_directory.Path, "conf/sub/leaf.conf")}:1:8", config.GetOrigin("leaf"));
    }

    [Fact]
    public void Fields_after_an_include_override_it_and_the_include_overrides_fields_before_it()
    {
        _directory.Write("inc.conf", "a = included\nb = included");
        var main = _directory.Write("main.conf", "a = before\ninclude \"inc.conf\"\nb = after");

        var config = Config.ParseFile(main);

        Assert.Equal(("included", "after"), (config.GetString("a"), config.GetString("b")));
    }

    [Fact]
    public void Include_inside_an_object_nests_fields_and_relativizes_substitutions()
    {
        _directory.Write("pool.conf", "size = 4\nmax = ${size}\nhome = ${?HOME_DIRECTORY_THAT_IS_NOT_SET_ANYWHERE}");
        var main = _directory.Write("main.conf", "pools { io { include \"pool.conf\" } }\nsize = 99");

        var config = Config.ParseFile(main);

        Assert.Equal(4, config.GetInt("pools.io.max"));
        Assert.False(config.HasPath("pools.io.home"));
    }

    [Fact]
    public void Missing_optional_include_is_ignored()
    {
        var main = _directory.Write("main.conf", "include \"nope.conf\"\na = 1");

        Assert.Equal(["a"], Config.ParseFile(main).GetKeys());
    }

    [Fact]
    public void Missing_required_include_is_a_parse_error_at_the_file_name()
    {
        var main = _directory.Write("main.conf", "a = 1\ninclude required(\"nope.conf\")");

        var error = Assert.Throws<HoconParseException>(() => Config.ParseFile(main));

        Assert.Equal((main, 2, 18), (error.Source, error.Line, error.Column));
        Assert.StartsWith("required include 'nope.conf' not found at ", error.Reason);
    }

    [Fact]
    public void Parse_errors_in_included_files_name_that_file()
    {
        var broken = _directory.Write("broken.conf", "x {\n");
        var main = _directory.Write("main.conf", "include \"broken.conf\"");

        var error = Assert.Throws<HoconParseException>(() => Config.ParseFile(main));

        Assert.Equal($"{broken}:2:1: expected '}}' but found end of input", error.Message);
    }

    [Fact]
    public void Include_cycles_are_reported()
    {
        _directory.Write("a.conf", "include \"b.conf\"");
        _directory.Write("b.conf", "include \"a.conf\"");

        var error = Assert.Throws<HoconParseException>(() => Config.ParseFile(Path.Combine(_directory.Path, "a.conf")));

        Assert.StartsWith("include cycle: ", error.Reason);
    }

    [Fact]
    public void Substitutions_in_included_files_resolve_against_the_whole_config()
    {
        _directory.Write("inc.conf", "address = ${host}\":\"${port}");
        var main = _directory.Write("main.conf", "include \"inc.conf\"\nhost = h");

        var config = Config.ParseFile(main).WithFallback(Config.ParseString("port = 1"));

        Assert.Equal("h:1", config.GetString("address"));
    }

    [Fact]
    public void Parse_string_follows_absolute_include_paths()
    {
        var includedPath = _directory.Write("abs.conf", "value = 3");

        var config = Config.ParseString($"include \"{includedPath.Replace("\\", "\\\\")}\"");

        Assert.Equal(3, config.GetInt("value"));
    }
}
