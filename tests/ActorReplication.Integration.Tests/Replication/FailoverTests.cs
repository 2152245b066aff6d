using System.Globalization;
using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Replication;

/// <summary>Role changes as clients see them: pipelined commands behind REPLICAOF, and coordinated FAILOVER.</summary>
public sealed class FailoverTests
{
    /// <summary>A write pipelined behind REPLICAOF in the same read batch already sees the new mode, and one behind NO ONE too.</summary>
    [Fact]
    public async Task A_write_pipelined_right_after_replicaof_sees_the_new_mode()
    {
        await using var node = await ReplNode.StartAsync();
        var nowhere = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        using var client = await RespClient.ConnectAsync(node.Port);
        await client.SendAsync(Concat(RespClient.Encode("REPLICAOF", "127.0.0.1", nowhere), RespClient.Encode("SET", "a", "1")));
        var replies = await client.ReadRepliesAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal("OK", replies[0].Text);
        Assert.True(replies[1].IsError && replies[1].Text.StartsWith("READONLY", StringComparison.Ordinal), replies[1].ToString());

        await client.SendAsync(Concat(RespClient.Encode("REPLICAOF", "NO", "ONE"), RespClient.Encode("SET", "a", "2")));
        replies = await client.ReadRepliesAsync(2, TimeSpan.FromSeconds(10));
        Assert.Equal("OK", replies[0].Text);
        Assert.Equal("OK", replies[1].Text);
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
