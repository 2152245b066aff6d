using System.Globalization;
using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Replication;

/// <summary>SAVE / BGSAVE / SHUTDOWN SAVE write the snapshot file (&lt;dir&gt;/&lt;dbfilename&gt;).</summary>
public sealed class PersistenceTests
{
    [Fact]
    public async Task Save_and_bgsave_write_the_snapshot_file_and_lastsave_and_config_report_it()
    {
        var dir = TestPaths.NewTempDirectory("ar-persist");
        try
        {
            await using var node = await ReplNode.StartAsync("--set", $"server.dir=\"{dir}\"");
            var file = Path.Combine(dir, "dump.arsnap");
            Assert.Equal(["dbfilename", "dump.arsnap"], (await node.CommandAsync("CONFIG", "GET", "dbfilename")).Items.Select(i => i.Text));
            Assert.False(File.Exists(file));
            await node.ExpectOkAsync("SET", "a", "1");

            Assert.Equal("OK", await node.TextAsync("SAVE"));
            Assert.True(File.Exists(file));
            var firstLength = new FileInfo(file).Length;
            Assert.True(long.Parse(await node.TextAsync("LASTSAVE"), CultureInfo.InvariantCulture) > 0);

            await node.ExpectOkAsync("DEBUG", "POPULATE", "1000", "key", "32");
            Assert.Equal("Background saving started", await node.TextAsync("BGSAVE"));
            await Eventually.TrueAsync(() => Task.FromResult(File.Exists(file) && new FileInfo(file).Length > firstLength), ReplNode.SyncTimeout,
                () => Task.FromResult($"BGSAVE rewrote {file}\n{Eventually.Tail(node.Log)}"));
            Assert.Equal("ERR wrong number of arguments for 'save' command", (await node.CommandAsync("SAVE", "x")).Line.TrimStart('-'));
        }
        finally
        {
            TestPaths.DeleteDirectory(dir);
        }
    }

    [Fact]
    public async Task Shutdown_save_writes_the_file_before_the_node_exits_and_nosave_does_not()
    {
        var dir = TestPaths.NewTempDirectory("ar-persist");
        try
        {
            var file = Path.Combine(dir, "dump.arsnap");
            await using (var node = await ReplNode.StartAsync("--set", $"server.dir=\"{dir}\""))
            {
                await node.ExpectOkAsync("SET", "a", "1");
                Assert.True(await node.Process.ShutdownAsync("NOSAVE"));
                Assert.False(File.Exists(file));
            }
            await using (var node = await ReplNode.StartAsync("--set", $"server.dir=\"{dir}\""))
            {
                await node.ExpectOkAsync("SET", "a", "1");
                Assert.True(await node.Process.ShutdownAsync("SAVE"), $"the node exits after SHUTDOWN SAVE\n{Eventually.Tail(node.Log)}");
                Assert.True(File.Exists(file), $"SHUTDOWN SAVE wrote {file}\n{Eventually.Tail(node.Log)}");
            }
        }
        finally
        {
            TestPaths.DeleteDirectory(dir);
        }
    }
}
