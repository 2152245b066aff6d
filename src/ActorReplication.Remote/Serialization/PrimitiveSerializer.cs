using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace ActorReplication.Remote.Serialization;

/// <summary>
/// Serializer id 3: <see cref="string"/> (UTF-8, manifest <c>s</c>), <see cref="int"/> (<c>i</c>), <see cref="long"/>
/// (<c>l</c>), <see cref="bool"/> (<c>z</c>) and <see cref="byte"/>[] (<c>b</c>); integers little-endian.
/// The manifests are wire format: append-only.
/// </summary>
public sealed class PrimitiveSerializer : Serializer
{
    public const int Id = 3;

    public static readonly Type[] SupportedTypes = [typeof(string), typeof(int), typeof(long), typeof(bool), typeof(byte[])];

    public override int Identifier => Id;

    public override string Manifest(object message) => message switch
    {
        string => "s",
        int => "i",
        long => "l",
        bool => "z",
        byte[] => "b",
        _ => throw Unsupported(message.GetType().FullName),
    };

    public override void ToBinary(object message, IBufferWriter<byte> output)
    {
        switch (message)
        {
            case string s:
                var count = Encoding.UTF8.GetByteCount(s);
                Encoding.UTF8.GetBytes(s, output.GetSpan(count));
                output.Advance(count);
                break;
            case int i:
                BinaryPrimitives.WriteInt32LittleEndian(output.GetSpan(4), i);
                output.Advance(4);
                break;
            case long l:
                BinaryPrimitives.WriteInt64LittleEndian(output.GetSpan(8), l);
                output.Advance(8);
                break;
            case bool b:
                output.GetSpan(1)[0] = b ? (byte)1 : (byte)0;
                output.Advance(1);
                break;
            case byte[] bytes:
                output.Write(bytes);
                break;
            default:
                throw Unsupported(message.GetType().FullName);
        }
    }

    public override object FromBinary(ReadOnlySpan<byte> bytes, string manifest) => manifest switch
    {
        "s" => Encoding.UTF8.GetString(bytes),
        "i" => BinaryPrimitives.ReadInt32LittleEndian(bytes),
        "l" => BinaryPrimitives.ReadInt64LittleEndian(bytes),
        "z" => bytes.Length == 1 ? bytes[0] != 0 : throw Unsupported("bool of " + bytes.Length + " bytes"),
        "b" => bytes.ToArray(),
        _ => throw Unsupported("manifest " + manifest),
    };

    private static System.Runtime.Serialization.SerializationException Unsupported(string? what) =>
        new($"PrimitiveSerializer does not handle {what}");
}
