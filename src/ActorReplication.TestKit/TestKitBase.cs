using System.Collections.Concurrent;
using System.Diagnostics;
using ActorReplication.Actors;

namespace ActorReplication.TestKit;

/// <summary>
/// The expectation API shared by <see cref="TestKit"/> and <see cref="TestProbe"/>: a test actor whose received
/// messages are queued, and blocking Expect/Receive methods with deadlines. Every failure says what was expected,
/// what arrived (or that nothing did) and after how long.
/// </summary>
public abstract class TestKitBase
{
    private readonly BlockingCollection<Envelope> _queue = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan? _withinEnd;
    private IActorRef? _testActor;

    protected TestKitBase(ActorSystem system, TestKitSettings settings)
    {
        Sys = system;
        TestKitSettings = settings;
    }

    public ActorSystem Sys { get; }

    public TestKitSettings TestKitSettings { get; }

    /// <summary>The actor whose messages this kit expects; pass it as sender or as a neighbour.</summary>
    public IActorRef TestActor => _testActor ?? throw new InvalidOperationException("The test actor has not been created yet");

    /// <summary>Sender of the last message taken by an Expect or Receive method.</summary>
    public IActorRef LastSender { get; private set; } = ActorRefs.Nobody;

    /// <summary>Time left in the innermost <see cref="Within(TimeSpan, Action)"/>, or the default single expect.</summary>
    public TimeSpan RemainingOrDefault => _withinEnd is { } end ? end - _clock.Elapsed : Dilated(TestKitSettings.SingleExpectDefault);

    protected void CreateTestActor(string name)
    {
        var queue = _queue;
        _testActor = Sys.SystemActorOf(Props.Create(() => new TestActor(queue)), name);
    }

    /// <summary>Scales a duration by <c>test.timefactor</c> for slow machines.</summary>
    public TimeSpan Dilated(TimeSpan duration) => duration * TestKitSettings.TimeFactor;

    /// <summary>Makes the test actor watch <paramref name="actor"/>, so <see cref="ExpectTerminated"/> can see it stop.</summary>
    public IActorRef Watch(IActorRef actor)
    {
        TestActor.Ask<TestActor.WatchRequest>(new TestActor.WatchRequest(actor, true), Dilated(TestKitSettings.DefaultTimeout)).GetAwaiter().GetResult();
        return actor;
    }

    public IActorRef Unwatch(IActorRef actor)
    {
        TestActor.Ask<TestActor.WatchRequest>(new TestActor.WatchRequest(actor, false), Dilated(TestKitSettings.DefaultTimeout)).GetAwaiter().GetResult();
        return actor;
    }

    /// <summary>Waits until an actor lives at <paramref name="path"/> and returns it.</summary>
    public IActorRef AwaitActor(string path, TimeSpan? max = null)
    {
        IActorRef? found = null;
        AwaitAssert(() => found = Sys.ActorSelection(path).ResolveOne(Dilated(TimeSpan.FromSeconds(1))).GetAwaiter().GetResult(), max);
        return found!;
    }

    public void Send(IActorRef target, object message) => target.Tell(message, TestActor);

    public void Reply(object message) => LastSender.Tell(message, TestActor);

    public void Forward(IActorRef target) => target.Tell(LastMessage ?? throw new InvalidOperationException("No message received yet"), LastSender);

    public object? LastMessage { get; private set; }

    public bool HasMessages => _queue.Count > 0;

    public T ExpectMsg<T>(TimeSpan? duration = null, string? hint = null) =>
        ExpectMsgCore<T>(duration, null, hint);

    public T ExpectMsg<T>(T expected, TimeSpan? duration = null, string? hint = null) =>
        ExpectMsgCore<T>(duration, m => Equals(m, expected) ? null : $"expected {Describe(expected)}", hint);

    public T ExpectMsg<T>(Predicate<T> isMessage, TimeSpan? duration = null, string? hint = null) =>
        ExpectMsgCore<T>(duration, m => isMessage(m) ? null : "the predicate did not match", hint);

    /// <summary>Expects a T and runs <paramref name="assert"/> on it; an assertion failure fails the expectation.</summary>
    public T ExpectMsg<T>(Action<T> assert, TimeSpan? duration = null, string? hint = null) =>
        ExpectMsgCore<T>(duration, m =>
        {
            assert(m);
            return null;
        }, hint);

    public T ExpectMsgFrom<T>(IActorRef sender, TimeSpan? duration = null)
    {
        var message = ExpectMsg<T>(duration);
        if (!LastSender.Equals(sender))
            throw new TestKitAssertionException($"Expected {typeof(T).Name} from {sender} but it came from {LastSender}");
        return message;
    }

    private T ExpectMsgCore<T>(TimeSpan? duration, Func<T, string?>? check, string? hint)
    {
        var max = RemainingOrDilated(duration);
        var started = _clock.Elapsed;
        var envelope = ReceiveOne(max) ?? throw new TestKitAssertionException(
            $"Timeout ({max.TotalMilliseconds:0} ms) while waiting for a message of type {typeof(T).Name}{HintText(hint)}: nothing arrived");
        var elapsed = (_clock.Elapsed - started).TotalMilliseconds;
        if (envelope.Message is not T typed)
            throw new TestKitAssertionException(
                $"Expected a message of type {typeof(T).Name}{HintText(hint)} but got {Describe(envelope.Message)} from {Describe(envelope.Sender)} after {elapsed:0} ms");
        var problem = check?.Invoke(typed);
        if (problem is not null)
            throw new TestKitAssertionException(
                $"Got {Describe(typed)} after {elapsed:0} ms but {problem}{HintText(hint)}");
        return typed;
    }

    /// <summary>Asserts that nothing arrives for <paramref name="duration"/> (default <c>test.expect-no-message-default</c>).</summary>
    public void ExpectNoMsg(TimeSpan? duration = null)
    {
        var max = duration is { } d ? Dilated(d) : Dilated(TestKitSettings.ExpectNoMessageDefault);
        var started = _clock.Elapsed;
        if (ReceiveOne(max) is { } envelope)
            throw new TestKitAssertionException(
                $"Expected no message for {max.TotalMilliseconds:0} ms but got {Describe(envelope.Message)} after {(_clock.Elapsed - started).TotalMilliseconds:0} ms");
    }

    /// <summary>Expects exactly these messages, in any order.</summary>
    public IReadOnlyList<T> ExpectMsgAllOf<T>(params T[] messages) => ExpectMsgAllOfCore(null, messages);

    public IReadOnlyList<T> ExpectMsgAllOf<T>(TimeSpan duration, params T[] messages) => ExpectMsgAllOfCore(duration, messages);

    private IReadOnlyList<T> ExpectMsgAllOfCore<T>(TimeSpan? duration, T[] messages)
    {
        var max = RemainingOrDilated(duration);
        var deadline = _clock.Elapsed + max;
        var missing = new List<T>(messages);
        var received = new List<T>();
        while (missing.Count > 0)
        {
            var left = deadline - _clock.Elapsed;
            var envelope = left > TimeSpan.Zero ? ReceiveOne(left) : null;
            if (envelope is null)
                throw new TestKitAssertionException(
                    $"Timeout ({max.TotalMilliseconds:0} ms) in ExpectMsgAllOf: still missing {DescribeAll(missing)}; received {DescribeAll(received)}");
            if (envelope.Value.Message is not T typed || !missing.Remove(typed))
                throw new TestKitAssertionException(
                    $"ExpectMsgAllOf got unexpected {Describe(envelope.Value.Message)}; still missing {DescribeAll(missing)}");
            received.Add(typed);
        }
        return received;
    }

    /// <summary>Expects one message equal to any of the given ones.</summary>
    public T ExpectMsgAnyOf<T>(params T[] messages) =>
        ExpectMsgCore<T>(null, m => Array.IndexOf(messages, m) >= 0 ? null : $"expected any of {DescribeAll(messages)}", null);

    /// <summary>Skips messages until one matches, failing if the deadline passes first.</summary>
    public object FishForMessage(Predicate<object> isMessage, TimeSpan? max = null, string? hint = null) =>
        FishForMessage<object>(isMessage, max, hint);

    public T FishForMessage<T>(Predicate<T> isMessage, TimeSpan? max = null, string? hint = null)
    {
        var limit = RemainingOrDilated(max);
        var deadline = _clock.Elapsed + limit;
        var skipped = new List<object>();
        while (true)
        {
            var left = deadline - _clock.Elapsed;
            var envelope = left > TimeSpan.Zero ? ReceiveOne(left) : null;
            if (envelope is null)
                throw new TestKitAssertionException(
                    $"Timeout ({limit.TotalMilliseconds:0} ms) fishing for a {typeof(T).Name}{HintText(hint)}; skipped {DescribeAll(skipped)}");
            if (envelope.Value.Message is T typed && isMessage(typed)) return typed;
            skipped.Add(envelope.Value.Message);
        }
    }

    /// <summary>
    /// Collects messages while <paramref name="filter"/> maps them to non-null, until it returns null (that message
    /// is put back), <paramref name="max"/> passes, nothing arrives for <paramref name="idle"/>, or <paramref name="count"/> are taken.
    /// </summary>
    public IReadOnlyList<T> ReceiveWhile<T>(Func<object, T?> filter, TimeSpan? max = null, TimeSpan? idle = null, int count = int.MaxValue)
        where T : class
    {
        var deadline = _clock.Elapsed + RemainingOrDilated(max);
        var result = new List<T>();
        while (result.Count < count)
        {
            var left = deadline - _clock.Elapsed;
            if (idle is { } i && i < left) left = i;
            var envelope = left > TimeSpan.Zero ? PeekOne(left) : null;
            if (envelope is null) break;
            var mapped = filter(envelope.Value.Message);
            if (mapped is null) break;
            Take();
            result.Add(mapped);
        }
        return result;
    }

    /// <summary>Receives exactly <paramref name="count"/> messages of any type.</summary>
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? max = null)
    {
        var limit = RemainingOrDilated(max);
        var deadline = _clock.Elapsed + limit;
        var result = new List<object>(count);
        while (result.Count < count)
        {
            var left = deadline - _clock.Elapsed;
            var envelope = left > TimeSpan.Zero ? ReceiveOne(left) : null;
            if (envelope is null)
                throw new TestKitAssertionException(
                    $"Timeout ({limit.TotalMilliseconds:0} ms) in ReceiveN: got {result.Count} of {count} messages: {DescribeAll(result)}");
            result.Add(envelope.Value.Message);
        }
        return result;
    }

    /// <summary>Expects <see cref="Terminated"/> for <paramref name="target"/>; call <see cref="Watch"/> first.</summary>
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? duration = null) =>
        ExpectMsgCore<Terminated>(duration, t => t.ActorRef.Equals(target) ? null : $"expected Terminated of {target}", null);

    /// <summary>Runs <paramref name="action"/> with every Expect inside bounded by <paramref name="max"/>, and checks the block took at most that long.</summary>
    public void Within(TimeSpan max, Action action) => Within(TimeSpan.Zero, max, action);

    public void Within(TimeSpan min, TimeSpan max, Action action) => Within(min, max, () =>
    {
        action();
        return 0;
    });

    public T Within<T>(TimeSpan max, Func<T> function) => Within(TimeSpan.Zero, max, function);

    public T Within<T>(TimeSpan min, TimeSpan max, Func<T> function)
    {
        var dilatedMax = Dilated(max);
        var start = _clock.Elapsed;
        var outer = _withinEnd;
        var end = start + dilatedMax;
        _withinEnd = outer is { } o && o < end ? o : end;
        try
        {
            var result = function();
            var elapsed = _clock.Elapsed - start;
            if (elapsed < min)
                throw new TestKitAssertionException($"Block took {elapsed.TotalMilliseconds:0} ms, less than the minimum {min.TotalMilliseconds:0} ms");
            if (elapsed > dilatedMax)
                throw new TestKitAssertionException($"Block took {elapsed.TotalMilliseconds:0} ms, more than the maximum {dilatedMax.TotalMilliseconds:0} ms");
            return result;
        }
        finally
        {
            _withinEnd = outer;
        }
    }

    /// <summary>Retries <paramref name="assertion"/> until it stops throwing or the deadline passes; then rethrows the last failure.</summary>
    public void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        var max = duration is { } d ? Dilated(d) : _withinEnd is not null ? RemainingOrDefault : Dilated(TestKitSettings.DefaultTimeout);
        var pause = interval ?? TimeSpan.FromMilliseconds(20);
        var deadline = _clock.Elapsed + max;
        while (true)
        {
            try
            {
                assertion();
                return;
            }
            catch (Exception ex) when (_clock.Elapsed + pause < deadline)
            {
                _ = ex;
                Thread.Sleep(pause);
            }
            catch (Exception ex)
            {
                throw new TestKitAssertionException($"AwaitAssert still failing after {max.TotalMilliseconds:0} ms: {ex.Message}", ex);
            }
        }
    }

    public async Task AwaitAssertAsync(Func<Task> assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        var max = duration is { } d ? Dilated(d) : Dilated(TestKitSettings.DefaultTimeout);
        var pause = interval ?? TimeSpan.FromMilliseconds(20);
        var deadline = _clock.Elapsed + max;
        while (true)
        {
            try
            {
                await assertion().ConfigureAwait(false);
                return;
            }
            catch (Exception) when (_clock.Elapsed + pause < deadline)
            {
                await Task.Delay(pause).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                throw new TestKitAssertionException($"AwaitAssert still failing after {max.TotalMilliseconds:0} ms: {ex.Message}", ex);
            }
        }
    }

    /// <summary>Polls <paramref name="condition"/> until true, failing with <paramref name="message"/> at the deadline.</summary>
    public void AwaitCondition(Func<bool> condition, TimeSpan? max = null, TimeSpan? interval = null, string? message = null)
    {
        var limit = max is { } m ? Dilated(m) : _withinEnd is not null ? RemainingOrDefault : Dilated(TestKitSettings.DefaultTimeout);
        var pause = interval ?? TimeSpan.FromMilliseconds(20);
        var deadline = _clock.Elapsed + limit;
        while (!condition())
        {
            if (_clock.Elapsed >= deadline)
                throw new TestKitAssertionException($"Condition not met within {limit.TotalMilliseconds:0} ms{(message is null ? "" : ": " + message)}");
            Thread.Sleep(pause);
        }
    }

    private TimeSpan RemainingOrDilated(TimeSpan? duration)
    {
        if (duration is { } d)
        {
            if (d == Timeout.InfiniteTimeSpan) return TimeSpan.MaxValue;
            var dilated = Dilated(d);
            return _withinEnd is not null && RemainingOrDefault < dilated ? RemainingOrDefault : dilated;
        }
        return RemainingOrDefault;
    }

    private Envelope? _peeked;

    private Envelope? PeekOne(TimeSpan max)
    {
        if (_peeked is null && _queue.TryTake(out var envelope, ClampWait(max))) _peeked = envelope;
        return _peeked;
    }

    private void Take()
    {
        if (_peeked is { } envelope) Record(envelope);
        _peeked = null;
    }

    private Envelope? ReceiveOne(TimeSpan max)
    {
        if (PeekOne(max) is not { } envelope) return null;
        Take();
        return envelope;
    }

    private void Record(Envelope envelope)
    {
        LastMessage = envelope.Message;
        LastSender = envelope.Sender ?? Sys.DeadLetters;
    }

    private static TimeSpan ClampWait(TimeSpan max) =>
        max <= TimeSpan.Zero ? TimeSpan.Zero : max > TimeSpan.FromMilliseconds(int.MaxValue) ? Timeout.InfiniteTimeSpan : max;

    private static string HintText(string? hint) => hint is null ? "" : $" ({hint})";

    internal static string Describe(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        IActorRef r => r.ToString()!,
        _ => $"{value} ({value.GetType().Name})",
    };

    private static string DescribeAll<T>(IEnumerable<T> values) => "[" + string.Join(", ", values.Select(v => Describe(v))) + "]";
}
