namespace ActorReplication.TestKit.MultiNode;

/// <summary>
/// Named barriers for the nodes of one scenario: each node's script blocks in <see cref="Enter"/> until every
/// participant has entered the same barrier, or fails naming the nodes that never came. A failed script fails every
/// barrier after it, so the other scripts stop waiting instead of timing out one by one.
/// </summary>
internal sealed class BarrierCoordinator
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Barrier> _barriers = new();
    private readonly HashSet<string> _participants;
    private string? _failure;

    public BarrierCoordinator(IEnumerable<string> participants) => _participants = [.. participants];

    private sealed class Barrier
    {
        public HashSet<string> Entered { get; } = [];
        public ManualResetEventSlim Done { get; } = new();
    }

    public void Enter(string node, string name, TimeSpan timeout)
    {
        Barrier barrier;
        lock (_gate)
        {
            if (!_participants.Contains(node))
                throw new TestKitAssertionException($"Node {node} is not part of the running scenario; barriers work inside RunScenario");
            if (_failure is not null) throw new TestKitAssertionException($"Barrier '{name}' abandoned: {_failure}");
            if (!_barriers.TryGetValue(name, out barrier!)) _barriers[name] = barrier = new Barrier();
            if (!barrier.Entered.Add(node)) throw new TestKitAssertionException($"Node {node} entered barrier '{name}' twice");
            if (barrier.Entered.IsSupersetOf(_participants)) barrier.Done.Set();
        }
        if (!barrier.Done.Wait(timeout))
        {
            string missing;
            lock (_gate) missing = string.Join(", ", _participants.Except(barrier.Entered).Order());
            throw new TestKitAssertionException($"Barrier '{name}' timed out after {timeout.TotalMilliseconds:0} ms on node {node}: still waiting for {missing}");
        }
        lock (_gate)
            if (_failure is not null && !barrier.Entered.IsSupersetOf(_participants))
                throw new TestKitAssertionException($"Barrier '{name}' abandoned: {_failure}");
    }

    /// <summary>A script failed: release everyone waiting, so they fail fast.</summary>
    public void Fail(string node, Exception cause)
    {
        lock (_gate)
        {
            _failure ??= $"node {node} failed: {cause.Message}";
            foreach (var barrier in _barriers.Values) barrier.Done.Set();
        }
    }
}
