using ActorReplication.Actors;
using ActorReplication.Cache.Commands;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Actors;

/// <summary>
/// The only writer of the data: executes each client's batch in order, server commands included, and runs the
/// active expiry cycle on a timer. Runs on the inline dispatcher so an idle keyspace executes a batch on the
/// connection's own I/O thread (no thread hop); under load batches queue and are drained many per turn.
/// </summary>
public sealed class KeyspaceActor : ReceiveActor
{
    private static readonly byte[] NoAuthError = "NOAUTH Authentication required."u8.ToArray();
    private readonly KeyspaceEngine _engine;
    private readonly IServerCommands _server;
    private readonly ServerStats _stats;
    private readonly bool _passwordRequired;
    private ICancelable? _expiryTimer;

    public sealed class ActiveExpireTick : INoSerializationVerificationNeeded, INotInfluenceReceiveTimeout
    {
        public static readonly ActiveExpireTick Instance = new();
    }

    public KeyspaceActor(KeyspaceEngine engine, IServerCommands server, ServerStats stats, bool passwordRequired)
    {
        _engine = engine;
        _server = server;
        _stats = stats;
        _passwordRequired = passwordRequired;
        Receive<ExecuteBatch>(HandleBatch);
        Receive<ActiveExpireTick>(_ =>
        {
            _engine.ActiveExpireCycle(null);
            _stats.Sample(_engine.Clock.UnixTimeMilliseconds);
        });
    }

    public static Props Props(KeyspaceEngine engine, IServerCommands server, ServerStats stats, bool passwordRequired) =>
        global::ActorReplication.Actors.Props.Create(() => new KeyspaceActor(engine, server, stats, passwordRequired)).WithDispatcher("inline");

    protected override void PreStart()
    {
        // Redis runs its active expiry cycle at hz = 10.
        _expiryTimer = Context.System.Scheduler.ScheduleTellRepeatedly(
            TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100), Self, ActiveExpireTick.Instance, Self);
    }

    protected override void PostStop() => _expiryTimer?.Cancel();

    private void HandleBatch(ExecuteBatch batch)
    {
        try
        {
            var requests = batch.Requests;
            var client = batch.Client;
            var reply = batch.Reply;
            reply.Protocol = client.Protocol;
            var i = 0;
            for (; i < requests.Count && !client.CloseRequested; i++)
            {
                var command = requests[i];
                if (_passwordRequired && !client.IsAuthenticated && !_server.IsAllowedWithoutAuth(command))
                {
                    reply.WriteError(NoAuthError);
                    continue;
                }
                var definition = CommandTable.Get(command.Id);
                if (definition is not null && !(definition.Id == CommandId.Debug && IsServerDebug(command)))
                    _engine.Execute(definition, client.Session, command, reply, null);
                else if (!_server.TryExecute(client, command, reply))
                    KeyspaceEngine.WriteUnknownCommand(command, reply);
                reply.Protocol = client.Protocol;
            }
            _stats.CommandsProcessed(i);
            batch.Complete();
        }
        catch (Exception ex)
        {
            batch.Fail(ex);
        }
    }

    // DEBUG SLEEP and friends are server matters; DEBUG DIGEST/POPULATE belong to the keyspace.
    private static bool IsServerDebug(in RespCommand command) =>
        command.ArgCount >= 2 && (command.ArgEqualsIgnoreCase(1, "SLEEP"u8) || command.ArgEqualsIgnoreCase(1, "HELP"u8));
}
