using System.Text;
using ActorReplication.Cache.Commands;
using ActorReplication.Resp;

namespace ActorReplication.Cache.Keyspace;

public sealed partial class KeyspaceEngine
{
    /// <summary>
    /// Executes one command for a client: arity check, eviction / OOM check, then the command. The reply goes to
    /// <paramref name="reply"/> (its <see cref="RespWriter.Protocol"/> selects RESP2/RESP3); the commands a replica must
    /// apply go to <paramref name="effects"/> (null when nobody consumes them), preceded by <c>SELECT n</c> when the
    /// database differs from <see cref="LastEffectsDatabase"/>. Commands the keyspace does not implement get
    /// Redis's unknown-command error; check <see cref="CommandTable.Get"/> first to route them elsewhere.
    /// </summary>
    public void Execute(ClientSession session, in RespCommand cmd, RespWriter reply, RespWriter? effects)
    {
        CommandDefinition? def = CommandTable.Get(cmd.Id);
        if (def is null)
        {
            WriteUnknownCommand(cmd, reply);
            return;
        }

        Execute(def, session, cmd, reply, effects);
    }

    /// <summary>Executes a command whose definition the caller already looked up (saves a second name recognition).</summary>
    public void Execute(CommandDefinition def, ClientSession session, in RespCommand cmd, RespWriter reply, RespWriter? effects)
    {
        if (!def.CheckArity(cmd.ArgCount))
        {
            reply.WriteError(def.ArityError);
            return;
        }

        Now = _clock.UnixTimeMilliseconds;
        LruNow = (uint)(Now - _lruEpoch);
        Session = session;
        // While keys are watched, whether a write changed the dataset is read from its effects: they are written to a
        // scratch buffer when nobody consumes them (its SELECTs must not disturb the real stream's database).
        bool watching = _watched.IsActive;
        bool scratch = watching && effects is null;
        int effectsDbBefore = _lastEffectsDb;
        long effectsBefore = EffectCount;
        long dirtyBefore = Stats.Dirty;
        if (scratch)
        {
            effects = WatchScratch;
        }

        Effects = effects;
        _commandIsWrite = def.IsWrite;
        try
        {
            if (Settings.MaxMemory > 0 && !PerformEvictions() && def.IsDenyOom)
            {
                reply.WriteError(Errors.Oom);
                return;
            }

            int dbIndex = session.Db;
            if ((uint)dbIndex >= (uint)_dbs.Length)
            {
                session.Db = dbIndex = 0;
            }

            var ctx = new CommandContext(this, session, _dbs[dbIndex], cmd, reply);
            def.Handler(ref ctx);
        }
        finally
        {
            Effects = null;
            _commandIsWrite = false;
            if (watching)
            {
                _watched.Flush(EffectCount != effectsBefore || Stats.Dirty != dirtyBefore);
                if (scratch)
                {
                    _watchScratchBuffer.ResetWrittenCount();
                    _lastEffectsDb = effectsDbBefore;
                }
            }
        }
    }

    /// <summary>Convenience for tests and tools: executes and returns nothing else.</summary>
    public void Execute(ClientSession session, RespWriter reply, RespWriter? effects, params string[] args) =>
        Execute(session, RespCommand.Create(args), reply, effects);

    /// <summary><c>ERR unknown command 'foo', with args beginning with: 'a' 'b' </c> (Redis's format and 128-byte limits).</summary>
    public static void WriteUnknownCommand(in RespCommand cmd, RespWriter reply)
    {
        var sb = new StringBuilder("ERR unknown command '");
        string name = cmd.ArgCount > 0 ? Encoding.UTF8.GetString(Truncate(cmd.Arg(0), 128)) : string.Empty;
        sb.Append(name).Append("', with args beginning with: ");
        var args = new StringBuilder();
        for (int i = 1; i < cmd.ArgCount && Encoding.UTF8.GetByteCount(args.ToString()) < 128; i++)
        {
            int room = 128 - Encoding.UTF8.GetByteCount(args.ToString());
            args.Append('\'').Append(Encoding.UTF8.GetString(Truncate(cmd.Arg(i), room))).Append("' ");
        }

        sb.Append(args);
        reply.WriteError(sb.ToString());
    }

    private static ReadOnlySpan<byte> Truncate(ReadOnlySpan<byte> s, int max) => s.Length > max ? s[..max] : s;
}
