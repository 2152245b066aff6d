using System.Buffers.Binary;
using System.Globalization;
using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Replication;

/// <summary><c>ActorReplication.Node check-snapshot FILE</c> (redis-check-rdb's role) and what a node says about a bad file at start.</summary>
public sealed class CheckSnapshotTests
{
    [Fact]
    public async Task Check_snapshot_validates_a_good_file_and_prints_the_keys_by_type()
    {
        var dir = TestPaths.NewTempDirectory("ar-check");
        try
        {
            var file = await SaveAsync(dir);
            var check = await CheckAsync(dir, file);
            Assert.True(check.ExitCode == 0, check.Output);
            Assert.Contains("[info] 103 keys read: 100 strings, 1 lists, 1 sets, 0 hashes, 1 sorted sets", check.Output, StringComparison.Ordinal);
            Assert.Contains(@"\o/ snapshot looks OK! \o/", check.Output, StringComparison.Ordinal);
        }
        finally
        {
            TestPaths.DeleteDirectory(dir);
        }
    }

    [Fact]
    public async Task A_flipped_byte_is_reported_with_its_offset_and_the_node_names_offset_and_tool_at_start()
    {
        var dir = TestPaths.NewTempDirectory("ar-check");
        try
        {
            var file = await SaveAsync(dir);
            var bytes = await File.ReadAllBytesAsync(file);
            // The first record starts after the header (12-byte prefix + its declared body); its type byte follows its length.
            var firstRecord = 12 + (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
            bytes[firstRecord + 4] = 0x77;
            await File.WriteAllBytesAsync(file, bytes);

            var check = await CheckAsync(dir, file);
            Assert.True(check.ExitCode == 1, check.Output);
            var offset = firstRecord.ToString(CultureInfo.InvariantCulture);
            Assert.Contains($"[offset {offset}] snapshot: unknown record type 0x77 in record 1 at byte {offset}", check.Output, StringComparison.Ordinal);

            using var node = NodeProcess.Launch("--dir", dir, "--dbfilename", "dump.arsnap");
            Assert.True(await node.Process.WaitForExitAsync(ServerProcess.StartTimeout), "the node refuses to start");
            Assert.Equal(1, node.Process.ExitCode);
            Assert.Contains($"Bad snapshot file {file}", node.Process.AllOutput, StringComparison.Ordinal);
            Assert.Contains($"The defect is at byte {offset}; examine the file with: ActorReplication.Node check-snapshot {file}", node.Process.AllOutput, StringComparison.Ordinal);
        }
        finally
        {
            TestPaths.DeleteDirectory(dir);
        }
    }

    [Fact]
    public async Task A_flipped_value_byte_fails_the_checksum_and_a_truncated_file_is_reported_where_it_ends()
    {
        var dir = TestPaths.NewTempDirectory("ar-check");
        try
        {
            var file = await SaveAsync(dir);
            var good = await File.ReadAllBytesAsync(file);
            var flipped = good.ToArray();
            flipped[good.Length / 2] ^= 0x01; // inside the strings: only the end marker's CRC-64 can tell
            await File.WriteAllBytesAsync(file, flipped);
            var check = await CheckAsync(dir, file);
            Assert.True(check.ExitCode == 1, check.Output);
            Assert.Contains("checksum mismatch", check.Output, StringComparison.Ordinal);

            await File.WriteAllBytesAsync(file, good.AsSpan(0, good.Length - 30).ToArray());
            check = await CheckAsync(dir, file);
            Assert.True(check.ExitCode == 1, check.Output);
            Assert.Contains("snapshot truncated", check.Output, StringComparison.Ordinal);
        }
        finally
        {
            TestPaths.DeleteDirectory(dir);
        }
    }

    private static async Task<string> SaveAsync(string dir)
    {
        await using var node = await ReplNode.StartAsync("--dir", dir, "--dbfilename", "dump.arsnap");
        await node.ExpectOkAsync("DEBUG", "POPULATE", "100", "key", "64");
        await node.TextAsync("RPUSH", "list", "a", "b");
        await node.TextAsync("SADD", "set", "m");
        await node.TextAsync("ZADD", "zset", "1", "m");
        Assert.Equal("OK", await node.TextAsync("SAVE"));
        return Path.Combine(dir, "dump.arsnap");
    }

    private static async Task<(int ExitCode, string Output)> CheckAsync(string dir, string file)
    {
        using var check = ChildProcess.Start("dotnet", [TestPaths.NodeDll, "check-snapshot", file], dir);
        Assert.True(await check.WaitForExitAsync(ServerProcess.StartTimeout), $"check-snapshot finished\n{check.AllOutput}");
        return (check.ExitCode, check.AllOutput);
    }
}
