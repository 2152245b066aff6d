using ActorReplication.Actors;

namespace ActorReplication.Remote;

/// <summary>A node's address plus its incarnation: a node restarted on the same address gets a new uid.</summary>
public sealed record UniqueAddress(Address Address, long Uid)
{
    public override string ToString() => $"{Address}#{Uid}";
}
