using System.Text;
using ActorReplication.Cache.Actors;
using ActorReplication.Replication.Tests.Harness;
using Xunit.Abstractions;

namespace ActorReplication.Replication.Tests.Specs;

public class KeyspaceFeedSpec(ITestOutputHelper output) : ReplicationSpecBase(output)
{
    [Fact]
    public void The_keyspace_tells_its_feed_one_propagate_per_batch_including_active_expiry()
    {
        var node = Node("n");
        var feed = CreateTestProbe();
        node.Keyspace.Tell(new KeyspaceReplication.AttachFeed(feed.Ref), null);
        node.RunBatch([["SET", "a", "1"], ["GET", "a"], ["SET", "b", "2", "PX", "100"]]);
        var p = feed.ExpectMsg<KeyspaceReplication.Propagate>();
        var text = Encoding.Latin1.GetString(p.Bytes);
        Assert.StartsWith("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1\r\n*5\r\n$3\r\nSET\r\n$1\r\nb\r\n$1\r\n2\r\n$4\r\nPXAT\r\n", text);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(text, "SELECT"));

        node.Run("GET", "a");
        feed.ExpectNoMsg(TimeSpan.FromMilliseconds(100));

        node.Clock.Advance(1000);
        Scheduler.Advance(TimeSpan.FromMilliseconds(100));
        var expired = feed.ExpectMsg<KeyspaceReplication.Propagate>();
        Assert.Equal("*2\r\n$3\r\nDEL\r\n$1\r\nb\r\n", Encoding.Latin1.GetString(expired.Bytes));
    }
}
