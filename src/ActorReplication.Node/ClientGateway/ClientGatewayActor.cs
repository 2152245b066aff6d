using System.Buffers;
using Akka.Actor;
using Akka.Event;
using ActorReplication.Cache.Commands;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Client.Protocol;
using ActorReplication.Node.Hosting;
using ActorReplication.Replication;
using ActorReplication.Resp;
using Google.Protobuf;

namespace ActorReplication.Node.ClientGateway;

/// <summary>
/// <c>/user/client-gateway</c>: where ActorReplication.Client talks to a node over remoting (client.proto, serializer
/// 120). A <see cref="CommandRequest"/> runs on the keyspace exactly as the same command over RESP and is answered with
/// the RESP reply bytes; a <see cref="TopologyRequest"/> gets this node's role, offset, replid, master and the members it
/// knows; a <see cref="WaitOffsetRequest"/> (and a command with <c>min_offset</c>) waits until this node applied the
/// replication stream that far, for read-your-writes. Never blocks: commands complete on the keyspace's turn and the
/// reply is told from there; offset waits are checked on a short tick while any is pending.
/// </summary>
public sealed class ClientGatewayActor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public const string Name = "client-gateway";

    /// <summary>How often pending offset waits look at the status board (the stream advances in batches).</summary>
    private static readonly TimeSpan WaitCheckInterval = TimeSpan.FromMilliseconds(2);

    private readonly NodeRuntime _node;
    private readonly OffsetWaiters _waiters = new();
    private ICancelable? _waitTimer;

    private sealed class CheckWaits : INoSerializationVerificationNeeded
    {
        public static readonly CheckWaits Instance = new();
    }

    public ClientGatewayActor(NodeRuntime node)
    {
        _node = node;
        Receive<CommandRequest>(HandleCommand);
        Receive<CommandBatchRequest>(HandleBatch);
        Receive<TopologyRequest>(HandleTopology);
        Receive<WaitOffsetRequest>(HandleWaitOffset);
        Receive<CheckWaits>(_ => HandleCheckWaits());
        ReceiveAny(HandleStranger);
    }

    public static Props Props(NodeRuntime node) => Akka.Actor.Props.Create(() => new ClientGatewayActor(node));

    protected override void PostStop() => _waitTimer?.Cancel();

    /// <summary>
    /// The handshake: a client whose protocol version is too far from ours is refused with both versions named (and
    /// ours in the error, so the client can say which side to upgrade); one minor version apart is served.
    /// </summary>
    private void HandleTopology(TopologyRequest request)
    {
        var client = GatewayProtocol.OrUnversioned(request.Version);
        if (!GatewayProtocol.Compatible(client, GatewayProtocol.Current))
        {
            _log.Warning("Client gateway: {Sender} speaks protocol {Client}, this node {Node}: refused", Sender,
                GatewayProtocol.Describe(client), GatewayProtocol.Describe(GatewayProtocol.Current));
            Sender.Tell(new GatewayError { Message = "ERR " + GatewayProtocol.Mismatch(client, GatewayProtocol.Current), Version = GatewayProtocol.Current }, Self);
            return;
        }
        var reply = TopologyReport.Build(_node);
        reply.Version = GatewayProtocol.Current;
        Sender.Tell(reply, Self);
    }

    /// <summary>A command with <c>min_offset</c> runs only once this node applied the stream that far (or is refused after wait_ms).</summary>
    private void HandleCommand(CommandRequest request)
    {
        if (LagExceeded(request.MaxLagSeconds))
        {
            Sender.Tell(new CommandReply { LagExceeded = true, Offset = AppliedOffset() }, Self);
            return;
        }
        if (request.MinOffset > 0 && !AppliedUpTo(request.ReplId, request.MinOffset))
        {
            if (request.WaitMs <= 0) Sender.Tell(new CommandReply { OffsetNotReached = true, Offset = AppliedOffset() }, Self);
            else Enqueue(new OffsetWaiters.Pending(request, request.ReplId, request.MinOffset, Sender, Deadline(request.WaitMs)));
            return;
        }
        Execute(request, Sender);
    }

    /// <summary>A pipeline: the commands run as one batch on the keyspace, in order; the wait and lag bound cover all of them.</summary>
    private void HandleBatch(CommandBatchRequest request)
    {
        if (LagExceeded(request.MaxLagSeconds))
        {
            Sender.Tell(new CommandBatchReply { LagExceeded = true, Offset = AppliedOffset() }, Self);
            return;
        }
        if (request.MinOffset > 0 && !AppliedUpTo(request.ReplId, request.MinOffset))
        {
            if (request.WaitMs <= 0) Sender.Tell(new CommandBatchReply { OffsetNotReached = true, Offset = AppliedOffset() }, Self);
            else Enqueue(new OffsetWaiters.Pending(request, request.ReplId, request.MinOffset, Sender, Deadline(request.WaitMs)));
            return;
        }
        ExecuteBatch(request, Sender);
    }

    private void HandleWaitOffset(WaitOffsetRequest request)
    {
        if (AppliedUpTo(request.ReplId, request.Offset) || request.TimeoutMs <= 0)
        {
            Sender.Tell(WaitReply(request), Self);
            return;
        }
        Enqueue(new OffsetWaiters.Pending(request, request.ReplId, request.Offset, Sender, Deadline(request.TimeoutMs)));
    }

    private void HandleCheckWaits()
    {
        var now = Environment.TickCount64;
        foreach (var pending in _waiters.TakeDue(now, AppliedUpTo))
        {
            switch (pending.Request)
            {
                case CommandRequest command when AppliedUpTo(pending.ReplId, pending.Offset):
                    Execute(command, pending.ReplyTo);
                    break;
                case CommandRequest:
                    pending.ReplyTo.Tell(new CommandReply { OffsetNotReached = true, Offset = AppliedOffset() }, Self);
                    break;
                case CommandBatchRequest batch when AppliedUpTo(pending.ReplId, pending.Offset):
                    ExecuteBatch(batch, pending.ReplyTo);
                    break;
                case CommandBatchRequest:
                    pending.ReplyTo.Tell(new CommandBatchReply { OffsetNotReached = true, Offset = AppliedOffset() }, Self);
                    break;
                case WaitOffsetRequest wait:
                    pending.ReplyTo.Tell(WaitReply(wait), Self);
                    break;
            }
        }
        if (_waiters.Count == 0)
        {
            _waitTimer?.Cancel();
            _waitTimer = null;
        }
    }

    /// <summary>A message the gateway does not serve: answered with an error, so a confused sender learns why at once.</summary>
    private void HandleStranger(object message)
    {
        _log.Debug("Client gateway: {Type} from {Sender} is not a gateway request", message.GetType().FullName, Sender);
        Sender.Tell(new GatewayError { Message = $"ERR the client gateway does not serve {message.GetType().Name} messages" }, Self);
    }

    private void Execute(CommandRequest request, IActorRef replyTo)
    {
        var self = Self;
        if (Refusal(request.Args) is { } refusal)
        {
            replyTo.Tell(new CommandReply { Resp = ByteString.CopyFrom(refusal) }, self);
            return;
        }
        var command = ToCommand(request.Args);
        var wantOffset = request.WantOffset && CommandTable.IsWrite(command.Id);
        // Told to the keyspace in this turn, so one client's requests keep their order.
        var executed = GatewayExecution.RunAsync(_node.KeyspaceDoor, [command]);
        _ = ReplyWhenDone(executed, wantOffset, replyTo, self,
            (resp, offset, replId) => new CommandReply { Resp = resp, Offset = offset, ReplId = replId });
    }

    /// <summary>
    /// Runs a pipeline's runnable commands as one batch, told to the keyspace in this turn (one message, so they keep
    /// their order even while the keyspace door is shut), and puts the refusals of commands the gateway does not run
    /// in their places.
    /// </summary>
    private void ExecuteBatch(CommandBatchRequest request, IActorRef replyTo)
    {
        var self = Self;
        var commands = new List<RespCommand>(request.Commands.Count);
        List<(int Index, byte[] Refusal)>? refusals = null;
        var anyWrite = false;
        for (var i = 0; i < request.Commands.Count; i++)
        {
            if (Refusal(request.Commands[i].Args) is { } refusal)
            {
                (refusals ??= []).Add((i, refusal));
                continue;
            }
            var command = ToCommand(request.Commands[i].Args);
            anyWrite |= CommandTable.IsWrite(command.Id);
            commands.Add(command);
        }
        var executed = commands.Count > 0 ? GatewayExecution.RunAsync(_node.KeyspaceDoor, commands) : Task.FromResult(Array.Empty<byte>());
        if (refusals is not null) executed = Interleave(executed, refusals);
        _ = ReplyWhenDone(executed, request.WantOffset && anyWrite, replyTo, self,
            (resp, offset, replId) => new CommandBatchReply { Resp = resp, Offset = offset, ReplId = replId });
    }

    /// <summary>The executed commands' replies with the refusals put back at their positions (the rare case only).</summary>
    private static async Task<byte[]> Interleave(Task<byte[]> executed, List<(int Index, byte[] Refusal)> refusals)
    {
        var replies = await executed.ConfigureAwait(false);
        var joined = new ArrayBufferWriter<byte>(replies.Length + refusals.Sum(r => r.Refusal.Length));
        var at = 0;
        var next = 0;
        for (var index = 0; next < refusals.Count || at < replies.Length; index++)
        {
            if (next < refusals.Count && refusals[next].Index == index)
            {
                joined.Write(refusals[next++].Refusal);
                continue;
            }
            if (!RespReplyReader.TryReadOne(replies.AsSpan(at), out _, out var consumed)) break;
            joined.Write(replies.AsSpan(at, consumed));
            at += consumed;
        }
        return joined.WrittenSpan.ToArray();
    }

    private static RespCommand ToCommand(Google.Protobuf.Collections.RepeatedField<ByteString> args)
    {
        var bytes = new byte[args.Count][];
        for (var i = 0; i < bytes.Length; i++) bytes[i] = args[i].ToByteArray();
        return RespCommand.Create(bytes);
    }

    private async Task ReplyWhenDone(Task<byte[]> executed, bool wantOffset, IActorRef replyTo, IActorRef self, Func<ByteString, long, string, object> reply)
    {
        try
        {
            var resp = await executed.ConfigureAwait(false);
            long offset = 0;
            var replId = "";
            if (wantOffset && _node.Replication is { } replication && resp.Length > 0 && resp[0] != (byte)'-')
            {
                // A barrier through the keyspace and the master actor: afterwards the board's offset covers this write.
                await replication.WaitAsync(0, TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
                var master = replication.Board.Snapshot().Master;
                (offset, replId) = (master.MasterReplOffset, master.MasterReplId);
            }
            replyTo.Tell(reply(UnsafeByteOperations.UnsafeWrap(resp), offset, replId), self);
        }
        catch (Exception ex)
        {
            _log.Warning(ex, "Client gateway: a command failed on the keyspace");
            replyTo.Tell(new GatewayError { Message = "ERR " + ex.Message }, self);
        }
    }

    /// <summary>
    /// Whether a replica read bounded by <paramref name="maxLagSeconds"/> must be refused: this node is a replica whose
    /// link is down or that has not heard from its master within the bound (as INFO's master_last_io_seconds_ago). A
    /// master has no lag. 0: no bound.
    /// </summary>
    private bool LagExceeded(int maxLagSeconds)
    {
        if (maxLagSeconds <= 0 || _node.Replication is not { } replication) return false;
        if (replication.Board.Snapshot().Replica is not { } link) return false;
        return !link.LinkUp || link.MasterLastIoSecondsAgo < 0 || link.MasterLastIoSecondsAgo > maxLagSeconds;
    }

    /// <summary>
    /// The error for a command the gateway does not run, or null. Unknown names get Redis's text; server commands
    /// (INFO, CLIENT, CONFIG, ...) and those that change connection state (SELECT, HELLO, QUIT) belong to RESP.
    /// </summary>
    private static byte[]? Refusal(Google.Protobuf.Collections.RepeatedField<ByteString> args)
    {
        if (args.Count == 0) return "-ERR empty command\r\n"u8.ToArray();
        var command = RespCommand.Create(args[0].ToByteArray());
        if (command.Id == CommandId.Unknown)
        {
            var output = new System.Buffers.ArrayBufferWriter<byte>();
            KeyspaceEngine.WriteUnknownCommand(ToCommand(args), new RespWriter(output));
            return output.WrittenSpan.ToArray();
        }
        if (CommandTable.Get(command.Id) is null || command.Id is CommandId.Select or CommandId.Debug)
            return System.Text.Encoding.UTF8.GetBytes($"-ERR '{args[0].ToStringUtf8().ToUpperInvariant()}' is not served by the client gateway; use RESP\r\n");
        return null;
    }

    private void Enqueue(OffsetWaiters.Pending pending)
    {
        _waiters.Add(pending);
        _waitTimer ??= Context.System.Scheduler.ScheduleTellRepeatedlyCancelable(WaitCheckInterval, WaitCheckInterval, Self, CheckWaits.Instance, Self);
    }

    private static long Deadline(int ms) => Environment.TickCount64 + ms;

    private WaitOffsetReply WaitReply(WaitOffsetRequest request)
    {
        var (replId, offset) = History();
        return new WaitOffsetReply { Reached = AppliedUpTo(request.ReplId, request.Offset), Offset = offset, ReplId = replId };
    }

    /// <summary>
    /// Whether this node applied history <paramref name="replId"/> up to <paramref name="offset"/>. Its master actor's
    /// offset is what its keyspace applied (on a replica the applied stream advances it); after a promotion the old
    /// history is replid2.
    /// </summary>
    private bool AppliedUpTo(string replId, long offset)
    {
        if (_node.Replication is not { } replication) return false;
        var master = replication.Board.Snapshot().Master;
        var sameHistory = master.MasterReplId == replId || (master.MasterReplId2 == replId && replId != ReplId.None);
        return sameHistory && master.MasterReplOffset >= offset;
    }

    private long AppliedOffset() => History().Offset;

    private (string ReplId, long Offset) History()
    {
        if (_node.Replication is not { } replication) return ("", 0);
        var master = replication.Board.Snapshot().Master;
        return (master.MasterReplId, master.MasterReplOffset);
    }
}
