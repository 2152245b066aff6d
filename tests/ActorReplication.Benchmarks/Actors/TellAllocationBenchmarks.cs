using ActorReplication.Actors;
using BenchmarkDotNet.Attributes;

namespace ActorReplication.Benchmarks.Actors;

/// <summary>
/// Bytes allocated per <c>Tell</c>. Each invocation tells <see cref="TellsPerInvoke"/> messages to an actor that only
/// counts them, then waits until it has handled them all, so MemoryDiagnoser's Allocated (which on .NET Core counts
/// every thread, GC.GetTotalAllocatedBytes(true)) covers the whole path: enqueue, scheduling the mailbox on the
/// thread pool, dequeue and dispatch. Goal: 0 B per Tell of a preallocated message; <see cref="TellNewMessage"/> is
/// the reference point where the only expected allocation is the 24 B message object itself.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 5)]
[Config(typeof(ActorBenchmarkConfig))]
public class TellAllocationBenchmarks
{
    public const int TellsPerInvoke = 10_000;

    private static readonly object Message = new SmallMessage(42);

    private ActorSystem _system = null!;
    private IActorRef _sink = null!;
    private IActorRef _sender = null!;
    private CountingProbe _probe = null!;

    [GlobalSetup]
    public void Setup()
    {
        _system = PingPongRig.CreateSystem("tell-alloc", throughput: null);
        _probe = new CountingProbe();
        var probe = _probe;
        _sink = _system.ActorOf(Props.Create(() => new CountingSink(probe)), "sink");
        _sender = _system.ActorOf(Props.Create(() => new CountingSink(probe)), "sender"); // never told anything
        TellPreallocated(); // actor created, code jitted
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_probe.Stalls > 0)
            Console.WriteLine($"// {_probe.Stalls} stall(s) nudged, {_probe.LostWakeups} of them lost wakeups (the sink's mailbox idle " +
                "with messages queued); the stalled time is included in the measurements");
        _system.Terminate().Wait(TimeSpan.FromSeconds(30));
        _probe.Dispose();
    }

    /// <summary>Preallocated message, no sender.</summary>
    [Benchmark(OperationsPerInvoke = TellsPerInvoke)]
    public void TellPreallocated()
    {
        _probe.Expect(TellsPerInvoke);
        var sink = _sink;
        var message = Message;
        for (var i = 0; i < TellsPerInvoke; i++) sink.Tell(message, null);
        _probe.Wait(sink);
    }

    /// <summary>Preallocated message with a sender ref (the envelope holds both; still a struct).</summary>
    [Benchmark(OperationsPerInvoke = TellsPerInvoke)]
    public void TellPreallocatedWithSender()
    {
        _probe.Expect(TellsPerInvoke);
        var sink = _sink;
        var sender = _sender;
        var message = Message;
        for (var i = 0; i < TellsPerInvoke; i++) sink.Tell(message, sender);
        _probe.Wait(sink);
    }

    /// <summary>A new 24-byte message per Tell: shows what "only the message" looks like.</summary>
    [Benchmark(OperationsPerInvoke = TellsPerInvoke)]
    public void TellNewMessage()
    {
        _probe.Expect(TellsPerInvoke);
        var sink = _sink;
        for (var i = 0; i < TellsPerInvoke; i++) sink.Tell(new SmallMessage(i), null);
        _probe.Wait(sink);
    }

    internal sealed class SmallMessage(long value)
    {
        public long Value { get; } = value;
    }
}

/// <summary>
/// Lets a caller wait until an actor has handled a given number of messages. Counts are cumulative, so setting the
/// next target never races with the previous batch. Like <see cref="PingPongRig"/>, a wait that sees the actor stop
/// making progress nudges it (counted in <see cref="Stalls"/>) instead of hanging.
/// </summary>
internal sealed class CountingProbe : IDisposable
{
    private readonly ManualResetEventSlim _reached = new(false);
    private long _target;
    private long _handled;

    /// <summary>Called by the benchmark before it tells <paramref name="count"/> more messages.</summary>
    public void Expect(long count)
    {
        _reached.Reset();
        Volatile.Write(ref _target, Volatile.Read(ref _handled) + count);
    }

    /// <summary>Called by the actor, on its own turn, once per counted message.</summary>
    public void Handled()
    {
        var handled = _handled + 1; // only the actor writes this
        Volatile.Write(ref _handled, handled);
        if (handled == Volatile.Read(ref _target)) _reached.Set();
    }

    public long HandledCount => Volatile.Read(ref _handled);

    public long Stalls { get; private set; }

    /// <summary>Stalls where the actor's mailbox was seen idle with messages queued (see <see cref="MailboxInspector"/>).</summary>
    public long LostWakeups { get; private set; }

    public bool RecoverStalls { get; init; } = true;

    /// <summary>Waits for the target; nudges <paramref name="actor"/> when it stops making progress.</summary>
    public void Wait(IActorRef actor)
    {
        if (_reached.Wait(PingPongRig.PollInterval)) return;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var seen = HandledCount;
        var lastChange = 0L;
        while (!_reached.Wait(PingPongRig.PollInterval))
        {
            var now = System.Diagnostics.Stopwatch.GetElapsedTime(started).Ticks;
            var handled = HandledCount;
            if (now > TimeSpan.TicksPerMinute)
                throw new TimeoutException($"actor handled {handled} of {Volatile.Read(ref _target)} messages");
            if (handled != seen)
            {
                seen = handled;
                lastChange = now;
                continue;
            }
            // No progress since the last poll: a lost wakeup is nudged at once, anything else after StallThreshold.
            var lost = MailboxInspector.HasLostWakeup(actor) == true;
            if (lost && !RecoverStalls)
                throw new LostWakeupException($"actor stalled at {handled} of {Volatile.Read(ref _target)} messages: " +
                    "its mailbox is idle while messages are queued (lost wakeup)");
            if (!lost && (!RecoverStalls || now - lastChange < PingPongRig.StallThreshold.Ticks)) continue;
            Stalls++;
            if (lost) LostWakeups++;
            lastChange = now;
            actor.Tell(Nudge.Instance, null);
        }
    }

    public void Dispose() => _reached.Dispose();
}

/// <summary>An actor that does nothing but count what it receives (nudges aside).</summary>
internal sealed class CountingSink : ReceiveActor
{
    public CountingSink(CountingProbe probe)
    {
        Receive<Nudge>(_ => { });
        ReceiveAny(_ => probe.Handled());
    }
}
