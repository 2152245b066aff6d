using ActorReplication.Actors;

namespace ActorReplication.Remote.Transport;

/// <summary>
/// Test-only faults on the frames this node writes to chosen peers: blackhole (nothing gets through, heartbeats
/// and handshakes included), drop (each user message lost with a probability) and throttle (bytes per second).
/// Faults act on the sending side, so "A cannot reach B" is a fault on A's injector for B's address; the
/// TestKit's multi-node harness sets both sides for a two-way cut. Requires <c>remote.enable-fault-injection = on</c>.
/// </summary>
public sealed class FaultInjector
{
    private readonly object _gate = new();
    private Dictionary<Address, LinkFault> _faults = new();
    private int _version;

    /// <summary>Bumped on every change, so writers re-read their fault only when something changed.</summary>
    internal int Version => Volatile.Read(ref _version);

    /// <summary>Every frame to <paramref name="remote"/> is silently discarded until <see cref="Heal"/>.</summary>
    public void Blackhole(Address remote) => Update(remote, f => f with { Blackhole = true });

    /// <summary>Each user message to <paramref name="remote"/> is lost with <paramref name="probability"/> (0..1).</summary>
    public void Drop(Address remote, double probability, int seed = 0)
    {
        if (probability is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(probability), probability, "must be 0..1");
        Update(remote, f => f with { DropProbability = probability, Random = new Random(seed) });
    }

    /// <summary>Frames to <paramref name="remote"/> leave at no more than <paramref name="bytesPerSecond"/>.</summary>
    public void Throttle(Address remote, long bytesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerSecond, 1);
        Update(remote, f => f with { BytesPerSecond = bytesPerSecond });
    }

    /// <summary>Removes every fault towards <paramref name="remote"/>.</summary>
    public void Heal(Address remote)
    {
        lock (_gate)
        {
            if (!_faults.ContainsKey(remote)) return;
            var next = new Dictionary<Address, LinkFault>(_faults);
            next.Remove(remote);
            _faults = next;
            Interlocked.Increment(ref _version);
        }
    }

    public void HealAll()
    {
        lock (_gate)
        {
            _faults = new Dictionary<Address, LinkFault>();
            Interlocked.Increment(ref _version);
        }
    }

    internal LinkFault? For(Address remote) => _faults.TryGetValue(remote, out var fault) ? fault : null;

    private void Update(Address remote, Func<LinkFault, LinkFault> change)
    {
        lock (_gate)
        {
            var current = _faults.TryGetValue(remote, out var f) ? f : new LinkFault(false, 0, 0, null);
            _faults = new Dictionary<Address, LinkFault>(_faults) { [remote] = change(current) };
            Interlocked.Increment(ref _version);
        }
    }
}

/// <summary>The faults on one direction of one link.</summary>
internal sealed record LinkFault(bool Blackhole, long BytesPerSecond, double DropProbability, Random? Random)
{
    /// <summary>Called by the one writer of the link, so the Random needs no lock.</summary>
    public bool DropsNext() => DropProbability > 0 && Random!.NextDouble() < DropProbability;
}
