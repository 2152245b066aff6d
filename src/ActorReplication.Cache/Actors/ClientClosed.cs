using Akka.Actor;
using ActorReplication.Cache.Keyspace;

namespace ActorReplication.Cache.Actors;

/// <summary>A connection closed while its client watched keys: the keyspace drops its watches.</summary>
public sealed record ClientClosed(ClientSession Session) : INoSerializationVerificationNeeded;
