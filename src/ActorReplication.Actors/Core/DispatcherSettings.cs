using Microsoft.Extensions.Logging;

namespace ActorReplication.Actors;

/// <summary>A named dispatcher: its throughput, and whether non-actor callers may run an idle actor's turn inline.</summary>
public sealed record DispatcherSettings(int Throughput, bool InlineWhenIdle);
