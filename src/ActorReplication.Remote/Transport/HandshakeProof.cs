using System.Security.Cryptography;
using System.Text;

namespace ActorReplication.Remote.Transport;

/// <summary>
/// Proof that a connecting node knows the cluster secret without sending it: HMAC-SHA256 keyed by the secret over
/// the protocol version, origin address, uid and target address. A replay only works for the same origin
/// incarnation and target, so it cannot impersonate any other node.
/// </summary>
internal static class HandshakeProof
{
    public static byte[] Compute(string secret, uint version, string origin, long uid, string target) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"ar-remote|{version}|{origin}|{uid}|{target}"));

    public static bool Verify(string secret, uint version, string origin, long uid, string target, ReadOnlySpan<byte> proof) =>
        CryptographicOperations.FixedTimeEquals(Compute(secret, version, origin, uid, target), proof);
}
