using Akka.Actor;

namespace ActorReplication.Cache.Actors;

/// <summary>
/// Told to the keyspace by a blocked client's connection (its timer, its closing): end block
/// <paramref name="Episode"/> of <paramref name="Batch"/> if it still waits; a block already served ignores it.
/// </summary>
public sealed record UnblockClient(ExecuteBatch Batch, int Episode, UnblockReason Reason) : INoSerializationVerificationNeeded;
