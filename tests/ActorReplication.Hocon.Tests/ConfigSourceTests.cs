namespace ActorReplication.Hocon.Tests;

public sealed class ConfigSourceTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void ParseFile_uses_the_path_as_source_name()
    {
        var path = _directory.Write("master.conf", "a {\n  port = abc\n}");

        var config = Config.ParseFile(path);

        Assert.Equal($"{path}:2:10", config.GetOrigin("a.port"));
        Assert.Contains($"at {path}:2:10 has value \"abc\"", Assert.Throws<ConfigException>(() => config.GetInt("a.port")).Message);
    }

    [Fact]
    public void ParseFile_of_a_missing_file_throws_file_not_found()
    {
        Assert.Throws<FileNotFoundException>(() => Config.ParseFile(Path.Combine(_directory.Path, "absent.conf")));
    }

    [Fact]
    public void FromResource_reads_embedded_hocon_and_follows_includes_among_resources()
    {
        var config = Config.FromResource(typeof(ConfigSourceTests).Assembly, "test/reference.conf");

        Assert.Equal("reference", config.GetString("app.name"));
        Assert.Equal(6379, config.GetInt("app.port"));
        Assert.Equal("localhost:6379", config.GetString("app.address"));
        Assert.Equal("test/included.conf:1:8", config.GetOrigin("app.port"));
        Assert.Equal("test/included.conf:4:8", config.GetOrigin("app.host"));
    }

    [Fact]
    public void FromResource_of_a_missing_resource_lists_what_exists()
    {
        var error = Assert.Throws<ConfigException>(() => Config.FromResource(typeof(ConfigSourceTests).Assembly, "nope.conf"));

        Assert.Contains("test/reference.conf", error.Message);
    }

    [Fact]
    public void Node_file_with_resource_defaults_and_command_line_overrides()
    {
        var node = Config.ParseFile(_directory.Write("node.conf", "app { port = 7000, host = ${?AR_HOCON_UNSET_HOST_VARIABLE} }"));

        var config = node
            .WithFallback(Config.FromResource(typeof(ConfigSourceTests).Assembly, "test/reference.conf"))
            .WithOverrides("app.name=node-1");

        Assert.Equal("localhost:7000", config.GetString("app.address"));
        Assert.Equal("node-1", config.GetString("app.name"));
    }
}
