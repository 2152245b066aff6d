using ActorReplication.Actors;
using ActorReplication.Configuration;
using ActorReplication.TestKit.MultiNode;
using Akka.Configuration;
using Xunit.Abstractions;

namespace ActorReplication.Remote.Tests;

public sealed class RemoteDeathWatchSpec : IDisposable
{
    private readonly ITestOutputHelper _output;
    private MultiNodeHarness _harness = null!;

    public RemoteDeathWatchSpec(ITestOutputHelper output) => _output = output;

    public void Dispose() => _harness?.Dispose();

    private (TestNode A, TestNode B) Start(string? config = null)
    {
        _harness = MultiNodeHarness.Start(2, config is null ? null : HoconFiles.ParseString(config), _output);
        return (_harness[0], _harness[1]);
    }

    /// <summary>
    /// Watches <paramref name="remote"/> (an <see cref="Echo"/>) and waits until the remote node has registered the
    /// watch: the Watch frame and the ping travel in order, and the actor handles system messages before the ping.
    /// Without this, stopping the actor could overtake the Watch, which then (correctly) reports a non-existent actor.
    /// </summary>
    private static void WatchAndConfirm(TestNode node, IActorRef remote)
    {
        node.Watch(remote);
        remote.Tell("watch registered?", node.TestActor);
        node.ExpectMsg("watch registered?");
    }

    [Fact]
    public void Watching_a_remote_actor_must_deliver_Terminated_when_it_stops()
    {
        var (a, b) = Start();
        var target = b.System.ActorOf(Props.Create(() => new Echo()), "target");
        var remote = a.Resolve(b, "/user/target");
        WatchAndConfirm(a, remote);
        Assert.Equal(1, a.Transport.Watcher.WatchCount);

        b.System.Stop(target);
        var terminated = a.ExpectTerminated(remote);
        Assert.True(terminated.ExistenceConfirmed);
        Assert.False(terminated.AddressTerminated);
        Assert.Equal(0, a.Transport.Watcher.WatchCount);
    }

    [Fact]
    public void A_watcher_on_the_remote_node_must_hear_of_a_local_actor_stopping()
    {
        var (a, b) = Start();
        var target = a.System.ActorOf(Props.Create(() => new Echo()), "target");
        b.System.ActorOf(Props.Create(() => new RemoteWatcherActor(b.TestActor)), "watcher");
        a.Select(b, "/user/watcher").Tell(new ActorIdentity(null, target), ActorRefs.NoSender);
        b.ExpectMsg("watching");

        a.System.Stop(target);
        b.ExpectMsg("terminated:target:True");
    }

    [Fact]
    public void Watching_a_remote_path_where_nothing_lives_must_deliver_Terminated_without_existence()
    {
        var (a, b) = Start();
        var missing = a.System.ResolveActorRef($"{b.Address}/user/missing");
        a.Watch(missing);
        var terminated = a.ExpectTerminated(missing);
        Assert.False(terminated.ExistenceConfirmed);
        Assert.False(terminated.AddressTerminated);
    }

    [Fact]
    public void A_ref_without_uid_must_still_get_Terminated_when_its_actor_stops()
    {
        var (a, b) = Start();
        var target = b.System.ActorOf(Props.Create(() => new Echo()), "target");
        var byPath = a.System.ResolveActorRef($"{b.Address}/user/target");
        Assert.Equal(0, byPath.Path.Uid);
        WatchAndConfirm(a, byPath);
        b.System.Stop(target);
        a.ExpectTerminated(byPath);
    }

    [Fact]
    public void Unwatch_must_stop_the_notification()
    {
        var (a, b) = Start();
        var target = b.System.ActorOf(Props.Create(() => new Silent()), "target");
        var remote = a.Resolve(b, "/user/target");
        a.Watch(remote);
        a.Unwatch(remote);
        Assert.Equal(0, a.Transport.Watcher.WatchCount);
        b.System.Stop(target);
        a.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void A_crashed_node_must_be_declared_lost_after_the_heartbeat_pause_with_addressTerminated()
    {
        var (a, b) = Start("remote.acceptable-heartbeat-pause = 1s");
        b.System.ActorOf(Props.Create(() => new Silent()), "target");
        var remote = a.Resolve(b, "/user/target");
        var events = a.CreateTestProbe();
        a.System.EventStream.Subscribe<RemotingLifecycle.Quarantined>(events.Ref);
        a.Watch(remote);
        a.AwaitAssert(() => Assert.Equal(1, a.Transport.Watcher.WatchCount));
        var uid = b.Transport.Uid;

        b.Crash();
        var terminated = a.ExpectTerminated(remote, TimeSpan.FromSeconds(10));
        Assert.True(terminated.AddressTerminated);
        Assert.False(terminated.ExistenceConfirmed);
        var quarantined = events.ExpectMsg<RemotingLifecycle.Quarantined>();
        Assert.Equal(b.Address, quarantined.Remote);
        Assert.Equal(uid, quarantined.Uid);
        Assert.True(a.Transport.IsQuarantined(b.Address, uid));
    }

    [Fact]
    public void A_node_shutting_down_gracefully_must_deliver_Terminated_promptly()
    {
        var (a, b) = Start("remote.acceptable-heartbeat-pause = 60s");
        b.System.ActorOf(Props.Create(() => new Echo()), "target");
        var remote = a.Resolve(b, "/user/target");
        WatchAndConfirm(a, remote);

        b.Shutdown();
        var terminated = a.ExpectTerminated(remote, TimeSpan.FromSeconds(5));
        Assert.True(terminated.ExistenceConfirmed);
    }

    [Fact]
    public void A_node_restarted_with_a_new_uid_must_have_its_old_incarnation_quarantined_and_watchers_told()
    {
        // The failure detector would take a minute: the new uid in the handshake is what reveals the restart.
        var (a, b) = Start("remote.acceptable-heartbeat-pause = 60s");
        b.System.ActorOf(Props.Create(() => new Silent()), "target");
        var remote = a.Resolve(b, "/user/target");
        a.Watch(remote);
        a.AwaitAssert(() => Assert.Equal(1, a.Transport.Watcher.WatchCount));
        var oldUid = b.Transport.Uid;

        var b2 = _harness.Restart(b);
        Assert.Equal(b.Address, b2.Address);
        Assert.NotEqual(oldUid, b2.Transport.Uid);

        var terminated = a.ExpectTerminated(remote, TimeSpan.FromSeconds(10));
        Assert.True(terminated.AddressTerminated);
        Assert.True(a.Transport.IsQuarantined(b.Address, oldUid));
        Assert.False(a.Transport.IsQuarantined(b.Address, b2.Transport.Uid));

        // The new incarnation is reachable at the same address.
        b2.System.ActorOf(Props.Create(() => new Echo()), "echo");
        var echo = a.Resolve(b2, "/user/echo");
        echo.Tell("new incarnation", a.TestActor);
        a.ExpectMsg("new incarnation");
    }

    [Fact]
    public void Stop_on_a_remote_ref_must_stop_the_remote_actor()
    {
        var (a, b) = Start();
        var target = b.System.ActorOf(Props.Create(() => new Silent()), "target");
        b.Watch(target);
        var remote = (IInternalActorRef)a.Resolve(b, "/user/target");
        remote.Stop();
        b.ExpectTerminated(target);
    }
}
