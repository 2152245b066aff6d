using ActorReplication.Node.Hosting;
using ActorReplication.Resp;
using Microsoft.Extensions.Logging;

namespace ActorReplication.Node.Server;

/// <summary>
/// SAVE, BGSAVE and LASTSAVE with Redis 7.0's replies. A snapshot walks the keyspace, so nothing here waits in the
/// keyspace's turn: BGSAVE and LASTSAVE answer in turn; SAVE is awaited by the connection (as WAIT, see
/// <see cref="WaitCommand"/>), so its +OK comes once the file is written while other clients are still served.
/// </summary>
public static class SaveCommands
{
    /// <summary>The in-turn answers (SAVE only reaches here from callers that bypass the RESP connection).</summary>
    public static void ExecuteInTurn(NodeRuntime node, in RespCommand command, RespWriter reply)
    {
        if (!ValidArity(command, reply)) return;
        switch (command.Id)
        {
            case CommandId.LastSave:
                reply.WriteInteger(node.Saves.LastSaveUnix);
                return;
            case CommandId.BgSave:
                if (node.Saves.TryStart() is null) reply.WriteError(Hosting.SnapshotSaves.InProgressError);
                else reply.WriteSimpleString("Background saving started"u8);
                return;
            default:
                reply.WriteError("ERR SAVE is only served on a RESP connection here; use BGSAVE");
                return;
        }
    }

    /// <summary>SAVE on a connection: awaited between keyspace batches.</summary>
    public static async Task SaveAsync(NodeRuntime node, RespCommand command, RespWriter reply)
    {
        if (!ValidArity(command, reply)) return;
        if (node.Saves.TryStart() is not { } save)
        {
            reply.WriteError(Hosting.SnapshotSaves.InProgressError);
            return;
        }
        var error = await save.ConfigureAwait(false);
        if (error is null) reply.WriteOk();
        else reply.WriteError(error);
    }

    /// <summary>SHUTDOWN SAVE: stops the node once the file is written; a failed save keeps it running unless FORCE, as Redis.</summary>
    public static void SaveThenShutdown(NodeRuntime node, bool force)
    {
        var log = node.LoggerFactory.CreateLogger("ActorReplication.Node.Persistence");
        _ = Task.Run(async () =>
        {
            string? error;
            while (true)
            {
                if (node.Saves.TryStart() is { } save)
                {
                    error = await save.ConfigureAwait(false);
                    break;
                }
                // A BGSAVE is running: its file may predate the SHUTDOWN's writes, so save again after it.
                await Task.Delay(50).ConfigureAwait(false);
            }
            if (error is null) log.LogInformation("DB saved on disk ({Path}), shutting down", node.Saves.FilePath);
            else log.LogError("Error trying to save the DB before SHUTDOWN: {Error}", error);
            if (error is null || force) node.RequestShutdown();
        });
    }

    private static bool ValidArity(in RespCommand command, RespWriter reply)
    {
        if (command.ArgCount == 1) return true;
        reply.WriteError($"ERR wrong number of arguments for '{command.ArgString(0).ToLowerInvariant()}' command");
        return false;
    }
}
