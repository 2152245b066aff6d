namespace ActorReplication.Cache.Dump;

/// <summary>Redis's RDB object type bytes (the first byte of a DUMP payload) for the types this keyspace holds.</summary>
public enum RdbType : byte
{
    String = 0,
    List = 1,
    Set = 2,
    ZSet = 3,
    Hash = 4,
    ZSet2 = 5,
    SetIntset = 11,
    HashListpack = 16,
    ZSetListpack = 17,
    ListQuicklist2 = 18,
}
