using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Replication;

/// <summary>Save points (<c>save &lt;seconds&gt; &lt;changes&gt;</c>), rdb_changes_since_last_save and stop-writes-on-bgsave-error.</summary>
public sealed class SavePointTests
{
    private const string Misconf =
        "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.";

    [Fact]
    public async Task A_save_point_fires_once_enough_writes_happened_and_the_file_holds_them()
    {
        var dir = TestPaths.NewTempDirectory("ar-savepoint");
        try
        {
            await using var node = await ReplNode.StartAsync("--dir", dir, "--dbfilename", "dump.arsnap", "--save", "1 3");
            Assert.Equal(["save", "1 3"], (await node.CommandAsync("CONFIG", "GET", "save")).Items.Select(i => i.Text));
            await node.ExpectOkAsync("SET", "a", "1");
            await node.ExpectOkAsync("SET", "b", "2");
            Assert.Equal("2", (await node.InfoAsync("persistence"))["rdb_changes_since_last_save"]);
            var file = Path.Combine(dir, "dump.arsnap");
            Assert.False(File.Exists(file), "two changes do not reach the rule's three");

            await node.ExpectOkAsync("SET", "c", "3");
            await Eventually.TrueAsync(async () => (await node.InfoAsync("persistence"))["rdb_saves"] == "1", ReplNode.SyncTimeout,
                async () => $"the save point fired\n{await node.TextAsync("INFO", "persistence")}\n{Eventually.Tail(node.Log)}");
            var persistence = await node.InfoAsync("persistence");
            Assert.Equal("0", persistence["rdb_changes_since_last_save"]);
            Assert.Equal("ok", persistence["rdb_last_bgsave_status"]);
            Assert.True(File.Exists(file));
            Assert.Contains("3 changes in 1 seconds. Saving...", node.Log, StringComparison.Ordinal);
            var digest = await node.DigestAsync();

            // SHUTDOWN without NOSAVE saves when save points are set, as Redis: the restarted node has every key.
            await node.ExpectOkAsync("SET", "d", "4");
            Assert.True(await node.Process.ShutdownAsync("NOW"), $"the node exits after SHUTDOWN\n{Eventually.Tail(node.Log)}");
            await using var restarted = await ReplNode.StartAsync("--dir", dir, "--dbfilename", "dump.arsnap");
            Assert.Equal("4", await restarted.TextAsync("GET", "d"));
            Assert.Equal("4", await restarted.TextAsync("DBSIZE"));
            Assert.NotEqual(digest, await restarted.DigestAsync());
        }
        finally
        {
            TestPaths.DeleteDirectory(dir);
        }
    }

    [Fact]
    public async Task A_failed_save_with_save_points_refuses_writes_with_misconf_until_turned_off_or_a_save_succeeds()
    {
        var parent = TestPaths.NewTempDirectory("ar-savepoint");
        try
        {
            var dir = Path.Combine(parent, "data");
            await using var node = await ReplNode.StartAsync("--dir", dir, "--save", "3600 1");
            await node.ExpectOkAsync("SET", "a", "1");
            Directory.Delete(dir, recursive: true); // the save's temp file cannot be created now

            Assert.True((await node.CommandAsync("SAVE")).IsError);
            Assert.Equal("err", (await node.InfoAsync("persistence"))["rdb_last_bgsave_status"]);
            Assert.Equal(Misconf, (await node.CommandAsync("SET", "b", "2")).Line.TrimStart('-'));
            Assert.Equal("1", await node.TextAsync("GET", "a")); // reads go on

            await node.ExpectOkAsync("CONFIG", "SET", "stop-writes-on-bgsave-error", "no");
            await node.ExpectOkAsync("SET", "b", "2");
            await node.ExpectOkAsync("CONFIG", "SET", "stop-writes-on-bgsave-error", "yes");
            Assert.Equal(Misconf, (await node.CommandAsync("SET", "c", "3")).Line.TrimStart('-'));

            Directory.CreateDirectory(dir);
            Assert.Equal("OK", await node.TextAsync("SAVE"));
            await node.ExpectOkAsync("SET", "c", "3");

            // Removing the save points lifts it too: without them a failed save refuses nothing, as Redis.
            Directory.Delete(dir, recursive: true);
            Assert.True((await node.CommandAsync("SAVE")).IsError);
            Assert.Equal(Misconf, (await node.CommandAsync("SET", "d", "4")).Line.TrimStart('-'));
            await node.ExpectOkAsync("CONFIG", "SET", "save", "");
            await node.ExpectOkAsync("SET", "d", "4");
            Assert.Equal(["save", ""], (await node.CommandAsync("CONFIG", "GET", "save")).Items.Select(i => i.Text));
        }
        finally
        {
            TestPaths.DeleteDirectory(parent);
        }
    }

    [Theory]
    [InlineData("0 1")]
    [InlineData("1  2")]
    [InlineData("60")]
    public async Task A_bad_save_line_stops_the_node_at_start_naming_the_key(string save)
    {
        using var node = NodeProcess.Launch("--save", save);
        Assert.True(await node.Process.WaitForExitAsync(ServerProcess.StartTimeout), "the node refuses to start");
        Assert.Equal(1, node.Process.ExitCode);
        Assert.Contains("server.save", node.Process.AllOutput, StringComparison.Ordinal);
    }
}
