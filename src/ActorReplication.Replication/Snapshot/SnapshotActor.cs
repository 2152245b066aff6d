using Akka.Actor;
using Akka.Event;
using ActorReplication.Cache.Actors;
using ActorReplication.Cache.Keyspace;
using static ActorReplication.Replication.Snapshot.SnapshotProtocol;

namespace ActorReplication.Replication.Snapshot;

/// <summary>
/// Produces one point-in-time snapshot at a time and streams it to its subscribers in chunks under credit-based flow
/// control. The keyspace actor walks the data in slices; this actor asks for the next slice only when a subscriber
/// has credit and has been sent every chunk produced so far, so the walk goes at the pace of the fastest subscriber
/// that wants more, and a slow subscriber only delays itself: chunks stay here until every subscriber has been sent
/// them (with one subscriber, at most its credit window is held).
/// The stream is framed here: header (once the master has placed the snapshot point at an offset), the walk's entry
/// records, then the end marker with the key count and the CRC-64 of everything before it.
/// </summary>
public sealed class SnapshotActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private readonly IActorRef _keyspace;
    private readonly int _chunkSize;
    private Running? _run;

    private sealed class Subscriber
    {
        public int Credit;
        public long Cursor;
        public bool WalkCompleteSent;
        public bool CompleteSent;
    }

    private sealed class Running(long id, SnapshotWalk walk)
    {
        public readonly long Id = id;
        public readonly SnapshotWalk Walk = walk;
        public readonly Dictionary<IActorRef, Subscriber> Subscribers = [];
        public readonly List<byte[]> Chunks = [];
        public long BaseSeq;      // seq of Chunks[0]
        public long Produced;     // chunks produced so far
        public byte[] Accumulator = [];
        public int AccumulatorLength;
        public Crc64 Crc = new();
        public long TotalBytes;
        public bool PointKnown;
        public bool WalkDone;
        public bool SliceOutstanding;
        public long Keys;
    }

    public SnapshotActor(IActorRef keyspace, int chunkSize)
    {
        _keyspace = keyspace;
        _chunkSize = chunkSize;
        Receive<Start>(HandleStart);
        Receive<KeyspaceReplication.SnapshotWalkStarted>(m => Context.Parent.Forward(m));
        Receive<Point>(HandlePoint);
        Receive<Demand>(HandleDemand);
        Receive<KeyspaceReplication.SnapshotWalkData>(HandleWalkData);
        Receive<KeyspaceReplication.SnapshotWalkAborted>(m =>
        {
            if (_run?.Id == m.WalkId) Fail(m.Reason, abortWalk: false);
        });
        Receive<Terminated>(HandleTerminated);
    }

    public static Props Props(IActorRef keyspace, int chunkSize) =>
        Akka.Actor.Props.Create(() => new SnapshotActor(keyspace, chunkSize));

    protected override void PostStop()
    {
        if (_run is { WalkDone: false }) _keyspace.Tell(new KeyspaceReplication.AbortSnapshotWalk(_run.Id), Self);
    }

    private void HandleStart(Start start)
    {
        if (_run is not null)
        {
            foreach (var s in start.Subscribers) s.Tell(new Failed(start.Id, "another snapshot is in progress"), Self);
            Context.Parent.Tell(new Finished(start.Id, false, "another snapshot is in progress", 0, 0, 0, 0), Self);
            return;
        }
        var run = new Running(start.Id, new SnapshotWalk(start.Id, _chunkSize));
        run.Accumulator = new byte[_chunkSize];
        foreach (var s in start.Subscribers) AddSubscriber(run, s, 0);
        var n = 0;
        foreach (var path in start.Files)
        {
            var writer = Context.ActorOf(SnapshotFileWriter.Props(start.Id, path, Context.Parent), $"file-{start.Id}-{n++}");
            AddSubscriber(run, writer, 0);
        }
        _run = run;
        _keyspace.Tell(new KeyspaceReplication.BeginSnapshotWalk(run.Walk), Self);
    }

    private void AddSubscriber(Running run, IActorRef subscriber, int credit)
    {
        run.Subscribers[subscriber] = new Subscriber { Credit = credit };
        Context.Watch(subscriber);
    }

    private void HandlePoint(Point point)
    {
        if (_run is not { } run || run.Id != point.Id) return;
        run.PointKnown = true;
        Emit(run, SnapshotFormat.EncodeHeader(point.Header));
        Pump(run);
    }

    private void HandleDemand(Demand demand)
    {
        if (_run is not { } run || run.Id != demand.Id || !run.Subscribers.TryGetValue(Sender, out var sub)) return;
        sub.Credit += Math.Max(0, demand.Chunks);
        Pump(run);
    }

    private void HandleWalkData(KeyspaceReplication.SnapshotWalkData data)
    {
        if (_run is not { } run || run.Id != data.WalkId) return;
        run.SliceOutstanding = false;
        Emit(run, data.Bytes);
        if (data.Done)
        {
            run.Keys = data.Keys;
            var end = SnapshotFormat.EncodeEnd(data.Keys, ref run.Crc);
            Accumulate(run, end);
            if (run.AccumulatorLength > 0)
            {
                run.Chunks.Add(run.Accumulator.AsSpan(0, run.AccumulatorLength).ToArray());
                run.Produced++;
                run.AccumulatorLength = 0;
            }
            run.WalkDone = true;
        }
        Pump(run);
    }

    private void Emit(Running run, ReadOnlySpan<byte> bytes)
    {
        run.Crc.Append(bytes);
        Accumulate(run, bytes);
    }

    private void Accumulate(Running run, ReadOnlySpan<byte> bytes)
    {
        run.TotalBytes += bytes.Length;
        while (!bytes.IsEmpty)
        {
            var n = Math.Min(bytes.Length, _chunkSize - run.AccumulatorLength);
            bytes[..n].CopyTo(run.Accumulator.AsSpan(run.AccumulatorLength));
            run.AccumulatorLength += n;
            bytes = bytes[n..];
            if (run.AccumulatorLength == _chunkSize)
            {
                run.Chunks.Add(run.Accumulator);
                run.Produced++;
                run.Accumulator = new byte[_chunkSize];
                run.AccumulatorLength = 0;
            }
        }
    }

    /// <summary>Sends what credit allows, frees chunks everyone has, and asks for a slice when a subscriber starves.</summary>
    private void Pump(Running run)
    {
        if (!run.PointKnown) return;
        var starving = false;
        var minCursor = long.MaxValue;
        foreach (var (subscriber, sub) in run.Subscribers)
        {
            while (sub.Credit > 0 && sub.Cursor < run.Produced)
            {
                subscriber.Tell(new ReplicationProtocol.SnapshotChunk(sub.Cursor, run.Chunks[(int)(sub.Cursor - run.BaseSeq)]), Self);
                sub.Cursor++;
                sub.Credit--;
            }
            if (run.WalkDone && !sub.WalkCompleteSent)
            {
                sub.WalkCompleteSent = true;
                subscriber.Tell(new WalkComplete(run.Id), Self);
            }
            if (run.WalkDone && sub.Cursor == run.Produced && !sub.CompleteSent)
            {
                sub.CompleteSent = true;
                subscriber.Tell(new Complete(run.Id, run.Produced, run.TotalBytes), Self);
            }
            if (sub.Credit > 0 && sub.Cursor == run.Produced) starving = true;
            minCursor = Math.Min(minCursor, sub.Cursor);
        }

        if (minCursor != long.MaxValue && minCursor > run.BaseSeq)
        {
            var drop = (int)(minCursor - run.BaseSeq);
            run.Chunks.RemoveRange(0, drop);
            run.BaseSeq = minCursor;
        }

        if (starving && !run.WalkDone && !run.SliceOutstanding)
        {
            run.SliceOutstanding = true;
            _keyspace.Tell(new KeyspaceReplication.ContinueSnapshotWalk(run.Id), Self);
        }

        var allDone = run.WalkDone;
        foreach (var sub in run.Subscribers.Values) allDone &= sub.CompleteSent;
        if (allDone) Finish(run, succeeded: true, error: null);
    }

    private void HandleTerminated(Terminated terminated)
    {
        if (_run is not { } run || !run.Subscribers.Remove(terminated.ActorRef)) return;
        if (run.Subscribers.Count == 0 && !run.WalkDone)
        {
            Fail("every subscriber left", abortWalk: true);
            return;
        }
        Pump(run);
    }

    private void Fail(string reason, bool abortWalk)
    {
        var run = _run!;
        _log.Warning("Snapshot {Id} failed: {Reason}", run.Id, reason);
        if (abortWalk) _keyspace.Tell(new KeyspaceReplication.AbortSnapshotWalk(run.Id), Self);
        foreach (var subscriber in run.Subscribers.Keys) subscriber.Tell(new Failed(run.Id, reason), Self);
        Finish(run, succeeded: false, error: reason);
    }

    private void Finish(Running run, bool succeeded, string? error)
    {
        foreach (var subscriber in run.Subscribers.Keys) Context.Unwatch(subscriber);
        _run = null;
        if (succeeded) _log.Info("Snapshot {Id} done: {Keys} keys, {Bytes} bytes, {Ahead} keys serialized ahead of the walk", run.Id, run.Keys, run.TotalBytes, run.Walk.KeysWrittenAhead);
        Context.Parent.Tell(new Finished(run.Id, succeeded, error, run.Keys, run.TotalBytes, run.Walk.KeysWrittenAhead, run.Walk.MaxPendingBytes), Self);
    }
}
