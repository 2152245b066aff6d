namespace ActorReplication.Cache.Keyspace;

/// <summary>Type tag of a snapshot record. Persisted: values are append-only (a test pins them).</summary>
public enum SnapshotRecordType : byte
{
    String = 1,
    List = 2,
    Set = 3,
    Hash = 4,

    /// <summary>Members in score order, each a blob then its score as an IEEE 754 double (8 bytes, little-endian).</summary>
    SortedSet = 5,
    End = 0xFF,
}
