using System.Diagnostics;
using ActorReplication.Actors;
using ActorReplication.Configuration;
using Akka.Configuration;

namespace ActorReplication.Benchmarks.Actors;

/// <summary>The message bounced between the actors of a pair: one preallocated instance, so a Tell allocates nothing itself.</summary>
internal sealed class Ball
{
    public static readonly Ball Instance = new();
}

/// <summary>Tells a pinger to start a round: send <see cref="PingPongRig.InFlight"/> balls, then one more per reply.</summary>
internal sealed class StartRound
{
    public static readonly StartRound Instance = new();
}

/// <summary>
/// Sent by the harness to actors that stopped making progress: they ignore it, but posting it reschedules a mailbox that
/// holds messages yet went idle (a lost wakeup), so a run can finish.
/// </summary>
internal sealed class Nudge
{
    public static readonly Nudge Instance = new();
}

/// <summary>
/// <paramref name="pairs"/> pinger/ponger pairs in one actor system, shaped like Akka.NET's classic PingPong benchmark:
/// each pinger keeps <paramref name="inFlight"/> balls in flight to its ponger, which bounces each one straight back.
/// A round is <see cref="RoundTripsPerPair"/> round trips per pair, i.e. <see cref="MessagesPerRound"/> messages
/// (every ping and every pong counts as one message).
/// </summary>
/// <remarks>
/// While a round runs, the waiting thread checks every <see cref="PollInterval"/> that each unfinished pair still makes
/// progress. A pair that made none since the last check is nudged at once if both its mailboxes are idle while
/// messages are queued (a lost wakeup, see <see cref="MailboxInspector"/>), otherwise once it has been stuck for
/// <see cref="StallThreshold"/>; both count in <see cref="Stalls"/>. With <c>recoverStalls: false</c> a lost wakeup
/// fails the round instead (<see cref="LostWakeupException"/>) and slow pairs are left alone. With one message in
/// flight a single lost wakeup in the runtime would otherwise hang the benchmark forever.
/// </remarks>
internal sealed class PingPongRig : IDisposable
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    public static readonly TimeSpan StallThreshold = TimeSpan.FromMilliseconds(50);

    // Each pinger publishes how many balls it has received so far in its own 128-byte slot (no false sharing).
    private const int ProgressStride = 16;

    private readonly ActorSystem _system;
    private readonly IActorRef[] _pingers;
    private readonly IActorRef[] _pongers;
    private readonly long[] _progress;
    private readonly CountdownEvent _pairsDone;
    private readonly long[] _seen;
    private readonly long[] _lastChange;
    private readonly bool _recoverStalls;
    private long _roundsStarted;

    public PingPongRig(int pairs, int inFlight, int roundTripsPerPair, int? throughput = null, bool recoverStalls = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pairs, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inFlight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(roundTripsPerPair, 1);
        Pairs = pairs;
        InFlight = inFlight;
        RoundTripsPerPair = roundTripsPerPair;
        _recoverStalls = recoverStalls;
        _system = CreateSystem("pingpong", throughput);
        _pairsDone = new CountdownEvent(pairs);
        _progress = new long[(pairs + 1) * ProgressStride];
        _seen = new long[pairs];
        _lastChange = new long[pairs];
        _pingers = new IActorRef[pairs];
        _pongers = new IActorRef[pairs];
        for (var i = 0; i < pairs; i++)
        {
            var ponger = _system.ActorOf(Props.Create(() => new Ponger()), $"ponger-{i}");
            var slot = (i + 1) * ProgressStride;
            _pongers[i] = ponger;
            _pingers[i] = _system.ActorOf(Props.Create(() => new Pinger(ponger, this, slot)), $"pinger-{i}");
        }
    }

    public int Pairs { get; }

    public int InFlight { get; }

    public int RoundTripsPerPair { get; }

    public long MessagesPerRound => 2L * Pairs * RoundTripsPerPair;

    /// <summary>How many times a pair stopped making progress and had to be nudged.</summary>
    public long Stalls { get; private set; }

    /// <summary>
    /// The stalls where the pair's mailboxes were both idle while messages were queued (a lost wakeup), as opposed to a
    /// pair that was merely not scheduled for a while on a loaded machine. See <see cref="MailboxInspector"/>.
    /// </summary>
    public long LostWakeups { get; private set; }

    /// <summary>Starts every pair and blocks until all have finished their round trips.</summary>
    public void RunRound() => RunRound(TimeSpan.FromMinutes(1));

    /// <inheritdoc cref="RunRound()"/>
    /// <exception cref="TimeoutException">The round did not finish in time.</exception>
    /// <exception cref="LostWakeupException">Without stall recovery: a pair lost a wakeup.</exception>
    public void RunRound(TimeSpan timeout)
    {
        _pairsDone.Reset(Pairs);
        var target = ++_roundsStarted * RoundTripsPerPair;
        foreach (var pinger in _pingers) pinger.Tell(StartRound.Instance, null);
        if (_pairsDone.Wait(PollInterval)) return;
        WatchForStalls(target, timeout);
    }

    // Allocation-free, so it does not show up in the benchmarks' allocated bytes.
    private void WatchForStalls(long target, TimeSpan timeout)
    {
        var started = Stopwatch.GetTimestamp();
        var seen = _seen;
        var lastChange = _lastChange;
        for (var i = 0; i < Pairs; i++)
        {
            seen[i] = Volatile.Read(ref _progress[(i + 1) * ProgressStride]);
            lastChange[i] = 0;
        }
        while (!_pairsDone.Wait(PollInterval))
        {
            var now = Stopwatch.GetElapsedTime(started).Ticks;
            if (now > timeout.Ticks)
                throw new TimeoutException($"ping-pong round did not finish in {timeout} ({_pairsDone.CurrentCount} of {Pairs} pairs still running)");
            for (var i = 0; i < Pairs; i++)
            {
                var progress = Volatile.Read(ref _progress[(i + 1) * ProgressStride]);
                if (progress >= target) continue;
                if (progress != seen[i])
                {
                    seen[i] = progress;
                    lastChange[i] = now;
                    continue;
                }
                // No progress since the last poll: a lost wakeup is nudged at once, anything else after StallThreshold.
                var lost = MailboxInspector.PairHasLostWakeup(_pingers[i], _pongers[i]) == true;
                if (lost && !_recoverStalls)
                    throw new LostWakeupException($"pair {i} stalled at {progress - target + RoundTripsPerPair} of {RoundTripsPerPair} " +
                        "round trips: both mailboxes idle while messages are queued (lost wakeup)");
                if (!lost && (!_recoverStalls || now - lastChange[i] < StallThreshold.Ticks)) continue;
                Stalls++;
                if (lost) LostWakeups++;
                lastChange[i] = now;
                _pingers[i].Tell(Nudge.Instance, null);
                _pongers[i].Tell(Nudge.Instance, null);
            }
        }
    }

    private void PairDone() => _pairsDone.Signal();

    public void Dispose()
    {
        _system.Terminate().Wait(TimeSpan.FromSeconds(30));
        _pairsDone.Dispose();
    }

    internal static ActorSystem CreateSystem(string name, int? throughput) =>
        throughput is { } t
            ? ActorSystem.Create(name, HoconFiles.ParseString($"actor.default-dispatcher.throughput = {t}"))
            : ActorSystem.Create(name);

    private sealed class Pinger : ReceiveActor
    {
        private long _received;
        private int _toSend;
        private int _toReceive;

        public Pinger(IActorRef ponger, PingPongRig rig, int progressSlot)
        {
            // The hot handler first: ReceiveActor tries handlers in registration order.
            Receive<Ball>(ball =>
            {
                if (_toSend > 0)
                {
                    _toSend--;
                    Sender.Tell(ball, Self);
                }
                Volatile.Write(ref rig._progress[progressSlot], ++_received);
                if (--_toReceive == 0) rig.PairDone();
            });
            Receive<StartRound>(_ =>
            {
                _toReceive = rig.RoundTripsPerPair;
                var first = Math.Min(rig.InFlight, _toReceive);
                _toSend = _toReceive - first;
                for (var i = 0; i < first; i++) ponger.Tell(Ball.Instance, Self);
            });
            Receive<Nudge>(_ => { });
        }
    }

    private sealed class Ponger : ReceiveActor
    {
        public Ponger()
        {
            Receive<Ball>(ball => Sender.Tell(ball, Self));
            Receive<Nudge>(_ => { });
        }
    }
}

/// <summary>A mailbox went idle while messages were queued for it, and nothing was left to schedule it again.</summary>
internal sealed class LostWakeupException(string message) : Exception(message);
