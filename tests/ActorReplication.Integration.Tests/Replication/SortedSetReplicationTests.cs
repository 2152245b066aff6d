namespace ActorReplication.Integration.Tests.Replication;

/// <summary>Sorted sets between node processes: through the full-sync snapshot and through the command stream.</summary>
public sealed class SortedSetReplicationTests
{
    /// <summary>
    /// Sorted sets written before REPLICAOF reach the replica in the snapshot, those written after in the stream
    /// (ZADD options, ZINCRBY, pops, range removals, STORE forms, expiry); both end with the same DEBUG DIGEST.
    /// </summary>
    [Fact]
    public async Task Sorted_set_writes_on_a_master_reach_a_replica_with_an_equal_digest()
    {
        var nodes = await ReplNode.StartManyAsync(2);
        await using var master = nodes[0];
        await using var replica = nodes[1];
        for (var i = 0; i < 300; i++)
        {
            Assert.Equal(1, (await master.CommandAsync("ZADD", "board", (i * 7 % 101).ToString(System.Globalization.CultureInfo.InvariantCulture) + ".5", "player:" + i)).Integer);
        }

        await master.CommandAsync("ZADD", "small", "1", "a", "-inf", "b", "1e-7", "c");
        await replica.ReplicaOfAsync(master);
        await Eventually.InSyncAsync(master, replica);
        Assert.Equal("zset", await replica.TextAsync("TYPE", "board"));
        Assert.Equal(300, (await replica.CommandAsync("ZCARD", "board")).Integer);

        string[][] writes =
        [
            ["ZADD", "board", "GT", "CH", "500", "player:1", "1", "player:2"], ["ZINCRBY", "board", "0.1", "player:3"],
            ["ZADD", "board", "INCR", "2.25", "player:4"], ["ZPOPMIN", "board", "3"], ["ZPOPMAX", "board"],
            ["ZREMRANGEBYSCORE", "board", "(10", "20"], ["ZREMRANGEBYRANK", "board", "0", "4"], ["ZREM", "board", "player:50", "nobody"],
            ["ZADD", "lex", "0", "a", "0", "b", "0", "c", "0", "d"], ["ZREMRANGEBYLEX", "lex", "[b", "(d"],
            ["ZUNIONSTORE", "u", "2", "board", "small", "WEIGHTS", "2", "1", "AGGREGATE", "MAX"], ["ZINTERSTORE", "i", "2", "board", "u"],
            ["ZDIFFSTORE", "d", "2", "board", "small"], ["ZRANGESTORE", "top", "board", "+inf", "50", "BYSCORE", "REV", "LIMIT", "0", "10"],
            ["ZADD", "ttl", "1", "x"], ["PEXPIRE", "ttl", "50"], ["ZPOPMIN", "small", "10"],
        ];
        foreach (var write in writes)
        {
            var reply = await master.CommandAsync(write);
            Assert.False(reply.IsError, string.Join(' ', write) + " => " + reply);
        }

        await Eventually.TrueAsync(async () => (await master.CommandAsync("EXISTS", "ttl")).Integer == 0, ReplNode.SyncTimeout,
            () => Task.FromResult("the master expires 'ttl'"));
        await Eventually.InSyncAsync(master, replica);
        Assert.Equal((await master.CommandAsync("ZRANGE", "top", "0", "-1", "WITHSCORES")).ToString(), (await replica.CommandAsync("ZRANGE", "top", "0", "-1", "WITHSCORES")).ToString());
        Assert.Equal(0, (await replica.CommandAsync("EXISTS", "small")).Integer);
    }
}
