namespace ActorReplication.Cache.Keyspace;

/// <summary>
/// Told by the keyspace before a key's value or expiry changes, before a key is removed, after a key is added, and
/// before a database is emptied. A point-in-time snapshot walk installs itself here (<see cref="KeyspaceEngine.WriteObserver"/>)
/// so that a key it has not reached yet is serialized with its old value before the write touches it. Calls happen on
/// the keyspace's own thread, inside the command; an observer must not modify the keyspace.
/// </summary>
public interface IKeyspaceWriteObserver
{
    /// <summary>The key in <paramref name="slot"/> is about to be modified in place, replaced, re-timed or removed.</summary>
    void BeforeKeyChange(Database db, int slot);

    /// <summary>A new key now occupies <paramref name="slot"/> (it did not exist a moment ago).</summary>
    void AfterKeyAdded(Database db, int slot);

    /// <summary>Every key of <paramref name="db"/> is about to be removed at once (FLUSHDB, FLUSHALL).</summary>
    void BeforeClear(Database db);
}
