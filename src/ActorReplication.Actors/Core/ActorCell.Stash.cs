namespace ActorReplication.Actors;

internal sealed partial class ActorCell
{
    private StashImpl? _stash;
    // Messages put back by Unstash; taken before the mailbox queue so their order is kept.
    private readonly LinkedList<Envelope> _unstashed = new();
    private bool _currentStashed;

    private StashImpl StashImpl => _stash ??= new StashImpl(this);

    public bool HasUnstashed => _unstashed.Count > 0;

    public bool TryTakeUnstashed(out Envelope envelope)
    {
        if (_unstashed.First is { } first)
        {
            envelope = first.Value;
            _unstashed.RemoveFirst();
            return true;
        }
        envelope = default;
        return false;
    }

    internal Envelope StashCurrent()
    {
        if (_current.Message is null) throw new InvalidOperationException("Stash can only be called while handling a message");
        if (_currentStashed) throw new InvalidOperationException($"Message {_current.Message} is already stashed");
        _currentStashed = true;
        return _current;
    }

    /// <summary>Puts messages back at the front of the mailbox, oldest first.</summary>
    internal void Prepend(IReadOnlyList<Envelope> envelopes)
    {
        for (var i = envelopes.Count - 1; i >= 0; i--) _unstashed.AddFirst(envelopes[i]);
        if (envelopes.Count > 0) Mailbox.TrySchedule();
    }

    private void DropStashToDeadLetters()
    {
        if (_stash is not null)
            foreach (var envelope in _stash.ClearStash()) SendToDeadLetters(envelope);
        while (TryTakeUnstashed(out var envelope)) SendToDeadLetters(envelope);
    }
}

internal sealed class StashImpl(ActorCell cell) : IStash
{
    private readonly List<Envelope> _stashed = new();

    public IReadOnlyCollection<Envelope> Messages => _stashed.ToArray();

    public void Stash() => _stashed.Add(cell.StashCurrent());

    public void Unstash()
    {
        if (_stashed.Count == 0) return;
        var first = _stashed[0];
        _stashed.RemoveAt(0);
        cell.Prepend([first]);
    }

    public void UnstashAll()
    {
        if (_stashed.Count == 0) return;
        var all = _stashed.ToArray();
        _stashed.Clear();
        cell.Prepend(all);
    }

    public IReadOnlyList<Envelope> ClearStash()
    {
        var all = _stashed.ToArray();
        _stashed.Clear();
        return all;
    }
}
