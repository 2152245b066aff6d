using ActorReplication.Node.Hosting;
using Akka.TestKit.Xunit2;

namespace ActorReplication.Node.Tests.Hosting;

/// <summary>The way clients' batches reach the keyspace actor while the node replaces its ActorSystem.</summary>
public sealed class KeyspaceDoorSpec : TestKit
{
    [Fact]
    public async Task A_message_told_while_the_door_is_shut_waits_and_goes_to_the_keyspace_it_opens_on()
    {
        var door = new KeyspaceDoor();
        var old = CreateTestProbe();
        var next = CreateTestProbe();

        var beforeStart = door.TellAsync("before start").AsTask();
        door.Open(old.Ref);
        await beforeStart;
        old.ExpectMsg("before start");

        Assert.True(door.TryTell("open"));
        old.ExpectMsg("open");

        door.Shut();
        Assert.False(door.TryTell("shut"));
        var waiting = door.TellAsync("waiting").AsTask();
        Assert.False(waiting.IsCompleted);

        door.Open(next.Ref);
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        next.ExpectMsg("waiting");
        Assert.Same(next.Ref, door.Keyspace);
        old.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }
}
