using Akka.Actor;
using static ActorReplication.Replication.ReplicationProtocol;

namespace ActorReplication.Replication.Tests.Harness;

/// <summary>
/// Stands between one replica and a master, like the network: the replica uses it as its master, and the master's
/// session sees it as the replica. Tests cut the link, hold the replica's credit or acknowledgements, black-hole all
/// traffic, corrupt a snapshot chunk, and read what crossed it.
/// </summary>
internal sealed class LinkRelay : ReceiveActor
{
    private readonly IActorRef _master;
    private readonly List<object> _toReplica = [];
    private readonly Queue<Credit> _heldCredit = new();
    private IActorRef? _replica;
    private IActorRef? _session;
    private bool _holdCredit;
    private bool _dropAcks;
    private bool _blackhole;
    private long _corruptChunk = -1;
    private IActorRef? _promoter;

    public sealed record HoldCredit(bool Hold);

    public sealed record DropAcks(bool Drop);

    public sealed record Blackhole(bool On);

    public sealed record CorruptChunk(long Seq);

    /// <summary>Closes the current connection on both sides (each gets LinkClosed), as a dropped TCP connection.</summary>
    public sealed record Cut
    {
        public static readonly Cut Instance = new();
    }

    /// <summary>Replies every message delivered to the replica so far (a copy).</summary>
    public sealed record GetDelivered
    {
        public static readonly GetDelivered Instance = new();
    }

    public LinkRelay(IActorRef master)
    {
        _master = master;
        Receive<HoldCredit>(m =>
        {
            _holdCredit = m.Hold;
            while (!_holdCredit && _session is not null && _heldCredit.TryDequeue(out var c)) _session.Tell(c, Self);
            Sender.Tell(Done.Instance);
        });
        Receive<DropAcks>(m =>
        {
            _dropAcks = m.Drop;
            Sender.Tell(Done.Instance);
        });
        Receive<Blackhole>(m =>
        {
            _blackhole = m.On;
            Sender.Tell(Done.Instance);
        });
        Receive<CorruptChunk>(m =>
        {
            _corruptChunk = m.Seq;
            Sender.Tell(Done.Instance);
        });
        Receive<Cut>(_ =>
        {
            _session?.Tell(new LinkClosed("link cut"), Self);
            _replica?.Tell(new LinkClosed("link cut"), Self);
            _session = null;
            _heldCredit.Clear();
            Sender.Tell(Done.Instance);
        });
        Receive<GetDelivered>(_ => Sender.Tell(_toReplica.ToArray()));
        ReceiveAny(Relay);
    }

    public static Props Props(IActorRef master) => Akka.Actor.Props.Create(() => new LinkRelay(master));

    public sealed record Done
    {
        public static readonly Done Instance = new();
    }

    private void Relay(object message)
    {
        if (_blackhole) return;
        // FAILOVER's request to the replica and its answer travel the link too.
        if (message is FailoverPromote && !Sender.Equals(_replica))
        {
            _promoter = Sender;
            _replica?.Tell(message, Self);
            return;
        }
        if (message is FailoverPromoted or FailoverRefused)
        {
            _promoter?.Tell(message, Self);
            return;
        }
        _replica ??= message is Ping ? Sender : _replica;
        if (Sender.Equals(_replica))
        {
            if (message is Ping or ReplConf or Psync)
            {
                _master.Tell(message, Self);
                return;
            }
            if (message is Ack && _dropAcks) return;
            if (message is Credit credit && _holdCredit)
            {
                _heldCredit.Enqueue(credit);
                return;
            }
            _session?.Tell(message, Self);
            return;
        }

        if (message is FullResync or Continue) _session = Sender;
        else if (!Sender.Equals(_master) && !Sender.Equals(_session)) return; // a session of a cut connection
        if (message is SnapshotChunk chunk && chunk.Seq == _corruptChunk)
        {
            var bytes = (byte[])chunk.Bytes.Clone();
            bytes[bytes.Length / 2] ^= 0x5A;
            message = chunk with { Bytes = bytes };
            _corruptChunk = -1;
        }
        _toReplica.Add(message);
        _replica?.Tell(message, Self);
    }
}
