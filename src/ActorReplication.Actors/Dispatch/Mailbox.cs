using System.Collections.Concurrent;

namespace ActorReplication.Actors;

/// <summary>
/// The queue of one actor and the unit of scheduling. Many threads enqueue; at most one runs it.
/// Each turn handles all system messages, then up to <c>throughput</c> user messages (re-checking system
/// messages between them), and reschedules itself if work remains. Runs on the .NET thread pool.
/// </summary>
internal sealed class Mailbox : IThreadPoolWorkItem
{
    private const int Idle = 0;
    private const int Scheduled = 1;

    private readonly ConcurrentQueue<Envelope> _user = new();
    private readonly ConcurrentQueue<SystemMessage> _system = new();
    private readonly int _throughput;
    private readonly bool _inlineWhenIdle;
    private ActorCell _cell = null!;
    private int _status;
    private volatile bool _closed;

    public Mailbox(int throughput, bool inlineWhenIdle = false)
    {
        _throughput = throughput;
        _inlineWhenIdle = inlineWhenIdle;
    }

    public void Attach(ActorCell cell) => _cell = cell;

    public bool IsClosed => _closed;

    public int UserCount => _user.Count;

    /// <summary>How many turns this mailbox has run; lets tests observe the throughput bound.</summary>
    public long Turns { get; private set; }

    public void Post(object message, IActorRef? sender)
    {
        _user.Enqueue(new Envelope(message, sender));
        if (_closed)
        {
            // The actor stopped after we looked; whatever reached the queue now becomes dead letters.
            DrainToDeadLetters();
            return;
        }
        if (_inlineWhenIdle && ActorCell.Current is null) TryRunInline();
        else TrySchedule();
    }

    /// <summary>
    /// For callers outside any actor (I/O threads): if the mailbox is idle, run the turn right here instead of
    /// hopping to the thread pool. Still one turn at a time, still FIFO; it only saves the hop when uncontended.
    /// </summary>
    private void TryRunInline()
    {
        if (Interlocked.CompareExchange(ref _status, Scheduled, Idle) == Idle)
            ((IThreadPoolWorkItem)this).Execute();
    }

    public void PostSystem(SystemMessage message)
    {
        if (_closed)
        {
            _cell.HandleSystemMessageWhenDead(message);
            return;
        }
        _system.Enqueue(message);
        if (_closed)
        {
            DrainSystemWhenDead();
            return;
        }
        TrySchedule();
    }

    public bool TryDequeueUser(out Envelope envelope) => _user.TryDequeue(out envelope);

    public bool HasSystemMessages => !_system.IsEmpty;

    public void TrySchedule()
    {
        if (Interlocked.CompareExchange(ref _status, Scheduled, Idle) == Idle)
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute()
    {
        var previous = ActorCell.Current;
        ActorCell.Current = _cell;
        Turns++;
        try
        {
            ProcessSystemMessages();
            if (!_closed && _cell.CanProcessUserMessages) ProcessUserMessages();
        }
        finally
        {
            ActorCell.Current = previous;
            // A full fence, not just a release: the emptiness checks below must not be reordered before this
            // store, or a sender that saw us still Scheduled and we that saw its queue empty both walk away.
            Interlocked.Exchange(ref _status, Idle);
        }
        // A message may have arrived after our last look but before we went idle.
        if (!_closed && (!_system.IsEmpty || (_cell.CanProcessUserMessages && (!_user.IsEmpty || _cell.HasUnstashed))))
            TrySchedule();
    }

    private void ProcessSystemMessages()
    {
        while (!_closed && _system.TryDequeue(out var message))
            _cell.SystemInvoke(message);
        if (_closed) DrainSystemWhenDead();
    }

    private void ProcessUserMessages()
    {
        for (var left = _throughput; left > 0; left--)
        {
            if (!_cell.TryTakeUnstashed(out var envelope) && !_user.TryDequeue(out envelope)) return;
            _cell.Invoke(envelope);
            if (!_system.IsEmpty) ProcessSystemMessages();
            if (_closed || !_cell.CanProcessUserMessages) return;
        }
    }

    /// <summary>Marks the mailbox dead: from now on user messages become dead letters.</summary>
    public void Close()
    {
        _closed = true;
        DrainToDeadLetters();
        DrainSystemWhenDead();
    }

    private void DrainToDeadLetters()
    {
        while (_user.TryDequeue(out var envelope))
            _cell.SendToDeadLetters(envelope);
    }

    private void DrainSystemWhenDead()
    {
        while (_system.TryDequeue(out var message))
            _cell.HandleSystemMessageWhenDead(message);
    }
}
