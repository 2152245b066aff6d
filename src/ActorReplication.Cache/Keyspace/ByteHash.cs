using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace ActorReplication.Cache.Keyspace;

/// <summary>
/// A fast seeded 32-bit hash over byte content (8 bytes per step, multiply–rotate mixing, final avalanche).
/// The seed is random per process so clients cannot precompute colliding keys.
/// </summary>
public static class ByteHash
{
    private static readonly ulong Seed = CreateSeed();

    private const ulong K1 = 0x9E3779B97F4A7C15UL;
    private const ulong K2 = 0xC2B2AE3D27D4EB4FUL;

    private static ulong CreateSeed()
    {
        Span<byte> b = stackalloc byte[8];
        RandomNumberGenerator.Fill(b);
        return BinaryPrimitives.ReadUInt64LittleEndian(b) | 1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Hash(ReadOnlySpan<byte> data)
    {
        ulong h = Seed ^ ((ulong)data.Length * K1);
        while (data.Length >= 8)
        {
            ulong v = BinaryPrimitives.ReadUInt64LittleEndian(data);
            h = BitOperations.RotateLeft(h ^ (v * K2), 31) * K1;
            data = data[8..];
        }

        if (data.Length > 0)
        {
            ulong tail = 0;
            for (int i = 0; i < data.Length; i++)
            {
                tail |= (ulong)data[i] << (i * 8);
            }

            h = BitOperations.RotateLeft(h ^ (tail * K2), 31) * K1;
        }

        h ^= h >> 33;
        h *= K2;
        h ^= h >> 29;
        return (int)h ^ (int)(h >> 32);
    }
}

/// <summary>Equality by content for <c>byte[]</c> keys, with span lookups (Dictionary alternate lookup).</summary>
public sealed class ByteArrayComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly ByteArrayComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y)
    {
        if (ReferenceEquals(x, y))
        {
            return true;
        }

        if (x is null || y is null)
        {
            return false;
        }

        return x.AsSpan().SequenceEqual(y);
    }

    public int GetHashCode(byte[] obj) => ByteHash.Hash(obj);

    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

    public int GetHashCode(ReadOnlySpan<byte> alternate) => ByteHash.Hash(alternate);

    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
}
