using ActorReplication.Resp;

namespace ActorReplication.Cache.Actors;

/// <summary>
/// Commands outside the keyspace (INFO, CONFIG, CLIENT, HELLO, AUTH, ...), executed by the keyspace actor in the
/// client's order so that replies stay in request order.
/// </summary>
public interface IServerCommands
{
    /// <summary>Returns false when the command is not a server command.</summary>
    bool TryExecute(IClientState client, in RespCommand command, RespWriter reply);

    /// <summary>
    /// For a client that has not authenticated yet: writes the error Redis gives before NOAUTH (unknown command,
    /// unknown subcommand, wrong arity) and returns true; returns false for a well-formed server command.
    /// </summary>
    bool RejectBeforeAuth(in RespCommand command, RespWriter reply)
    {
        Keyspace.KeyspaceEngine.WriteUnknownCommand(command, reply);
        return true;
    }

    /// <summary>Commands allowed before AUTH when a password is set (AUTH, HELLO, QUIT).</summary>
    bool IsAllowedWithoutAuth(in RespCommand command);
}
