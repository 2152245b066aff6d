using System.Security.Cryptography;

namespace ActorReplication.Replication;

/// <summary>Replication ids: 40 random lower-case hex characters, as Redis's.</summary>
public static class ReplId
{
    /// <summary>replid2 when there is no previous history (Redis prints forty zeros).</summary>
    public const string None = "0000000000000000000000000000000000000000";

    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
}
