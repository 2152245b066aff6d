using System.Globalization;
using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Replication;

/// <summary>
/// SAVE / BGSAVE / SHUTDOWN SAVE write the snapshot file (&lt;dir&gt;/&lt;dbfilename&gt;); a node starting beside it loads it,
/// and continues its replid and offset with PSYNC when it follows a master.
/// </summary>
public sealed class PersistenceTests
{
    [Fact]
    public async Task Save_and_bgsave_write_the_snapshot_file_and_lastsave_and_config_report_it()
    {
        var dir = TestPaths.NewTempDirectory("ar-persist");
        try
        {
            await using var node = await ReplNode.StartAsync("--set", $"server.dir=\"{dir}\"");
            var name = $"dump-{node.Port.ToString(CultureInfo.InvariantCulture)}.arsnap";
            var file = Path.Combine(dir, name);
            Assert.Equal(["dbfilename", name], (await node.CommandAsync("CONFIG", "GET", "dbfilename")).Items.Select(i => i.Text));
            Assert.False(File.Exists(file));
            await node.ExpectOkAsync("SET", "a", "1");

            Assert.Equal("OK", await node.TextAsync("SAVE"));
            Assert.True(File.Exists(file));
            var firstLength = new FileInfo(file).Length;
            Assert.True(long.Parse(await node.TextAsync("LASTSAVE"), CultureInfo.InvariantCulture) > 0);
            var persistence = await node.InfoAsync("persistence");
            Assert.Equal("ok", persistence["rdb_last_bgsave_status"]);
            Assert.Equal(await node.TextAsync("LASTSAVE"), persistence["rdb_last_save_time"]);

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
    public async Task Two_nodes_started_in_one_directory_save_to_files_of_their_own()
    {
        var dir = TestPaths.NewTempDirectory("ar-persist");
        try
        {
            var nodes = await ReplNode.StartManyAsync(2, "--set", $"server.dir=\"{dir}\"");
            try
            {
                foreach (var node in nodes)
                {
                    await node.ExpectOkAsync("SET", "port", node.Port.ToString(CultureInfo.InvariantCulture));
                    Assert.Equal("OK", await node.TextAsync("SAVE"));
                }
                var files = Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
                Assert.Equal(nodes.Select(n => $"dump-{n.Port.ToString(CultureInfo.InvariantCulture)}.arsnap").Order(StringComparer.Ordinal), files);
            }
            finally
            {
                foreach (var node in nodes) await node.DisposeAsync();
            }
        }
        finally
        {
            TestPaths.DeleteDirectory(dir);
        }
    }

    [Fact]
    public async Task A_missing_data_directory_is_created_at_start()
    {
        var parent = TestPaths.NewTempDirectory("ar-persist");
        try
        {
            var dir = Path.Combine(parent, "data", "node");
            await using var node = await ReplNode.StartAsync("--dir", dir);
            Assert.True(Directory.Exists(dir));
            Assert.Equal(["dir", dir], (await node.CommandAsync("CONFIG", "GET", "dir")).Items.Select(i => i.Text));
        }
        finally
        {
            TestPaths.DeleteDirectory(parent);
        }
    }

    [Fact]
    public async Task Shutdown_save_writes_the_file_before_the_node_exits_and_nosave_does_not()
    {
        var dir = TestPaths.NewTempDirectory("ar-persist");
        try
        {
            var file = Path.Combine(dir, "dump.arsnap");
            await using (var node = await ReplNode.StartAsync("--set", $"server.dir=\"{dir}\"", "--dbfilename", "dump.arsnap"))
            {
                await node.ExpectOkAsync("SET", "a", "1");
                Assert.True(await node.Process.ShutdownAsync("NOSAVE"));
                Assert.False(File.Exists(file));
            }
            await using (var node = await ReplNode.StartAsync("--set", $"server.dir=\"{dir}\"", "--dbfilename", "dump.arsnap"))
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

    [Fact]
    public async Task An_old_master_restarted_from_its_file_as_a_replica_of_the_promoted_node_continues_with_a_partial_resync()
    {
        var dir = TestPaths.NewTempDirectory("ar-persist");
        try
        {
            // Named: the restarted node gets another port, and the default file name follows the port.
            await using var master = await ReplNode.StartAsync("--set", $"server.dir=\"{dir}\"", "--dbfilename", "dump.arsnap");
            await using var replica = await ReplNode.StartAsync();
            await master.ExpectOkAsync("DEBUG", "POPULATE", "2000", "key", "16");
            await master.ExpectOkAsync("SET", "a", "1");
            await replica.ReplicaOfAsync(master);
            await Eventually.InSyncAsync(master, replica);
            Assert.Equal("OK", await master.TextAsync("SAVE"));
            await master.ExpectOkAsync("SET", "written-after-the-save", "1");
            await Eventually.InSyncAsync(master, replica);

            master.Process.Process.Kill();
            await replica.ExpectOkAsync("REPLICAOF", "NO", "ONE");
            await replica.ExpectOkAsync("SET", "written-after-the-promotion", "1");
            var before = await replica.SyncCountersAsync();

            await using var restarted = await ReplNode.StartAsync("--set", $"server.dir=\"{dir}\"", "--dbfilename", "dump.arsnap",
                "--replicaof", $"127.0.0.1 {replica.Port.ToString(CultureInfo.InvariantCulture)}");
            await Eventually.InSyncAsync(replica, restarted);
            var after = await replica.SyncCountersAsync();
            Assert.True(after.PartialOk == before.PartialOk + 1 && after.Full == before.Full,
                $"sync_partial_ok {before.PartialOk} -> {after.PartialOk}, sync_full {before.Full} -> {after.Full}\n{Eventually.Tail(restarted.Log)}");
            Assert.Contains("DB loaded from", restarted.Log, StringComparison.Ordinal);
            Assert.Equal("1", await restarted.TextAsync("GET", "written-after-the-save"));
            Assert.Equal("1", await restarted.TextAsync("GET", "written-after-the-promotion"));
        }
        finally
        {
            TestPaths.DeleteDirectory(dir);
        }
    }

    [Fact]
    public async Task A_truncated_snapshot_file_makes_the_node_exit_1_naming_the_defect()
    {
        var dir = TestPaths.NewTempDirectory("ar-persist");
        try
        {
            var file = Path.Combine(dir, "dump.arsnap");
            await using (var node = await ReplNode.StartAsync("--set", $"server.dir=\"{dir}\"", "--dbfilename", "dump.arsnap"))
            {
                await node.ExpectOkAsync("DEBUG", "POPULATE", "500", "key", "16");
                Assert.Equal("OK", await node.TextAsync("SAVE"));
            }
            using (var stream = new FileStream(file, FileMode.Open, FileAccess.Write)) stream.SetLength(stream.Length / 2);

            using var broken = NodeProcess.Launch("--set", $"server.dir=\"{dir}\"", "--dbfilename", "dump.arsnap");
            Assert.True(await broken.Process.WaitForExitAsync(ServerProcess.StartTimeout), "the node refuses to start");
            Assert.Equal(1, broken.Process.ExitCode);
            Assert.Contains("Bad snapshot file", broken.Process.AllOutput, StringComparison.Ordinal);
            Assert.Contains("byte", broken.Process.AllOutput, StringComparison.Ordinal);
            Assert.Contains($"check-snapshot {file}", broken.Process.AllOutput, StringComparison.Ordinal);
        }
        finally
        {
            TestPaths.DeleteDirectory(dir);
        }
    }
}
