using ActorReplication.Client.Protocol;
using Google.Protobuf;

namespace ActorReplication.Client.Tests.Protocol;

/// <summary>Who may talk to whom: same major, at most one minor apart; a peer without a version speaks 1.0.</summary>
public sealed class GatewayProtocolSpec
{
    private static ProtocolVersion V(int major, int minor) => new() { Major = major, Minor = minor };

    [Theory]
    [InlineData(1, 1, 1, 1, true)]
    [InlineData(1, 0, 1, 1, true)]
    [InlineData(1, 2, 1, 1, true)]
    [InlineData(1, 1, 1, 0, true)]
    [InlineData(1, 3, 1, 1, false)]
    [InlineData(1, 1, 1, 3, false)]
    [InlineData(2, 1, 1, 1, false)]
    [InlineData(1, 1, 2, 1, false)]
    public void Versions_must_be_compatible_exactly_within_one_minor_of_the_same_major(int clientMajor, int clientMinor, int nodeMajor, int nodeMinor, bool compatible) =>
        Assert.Equal(compatible, GatewayProtocol.Compatible(V(clientMajor, clientMinor), V(nodeMajor, nodeMinor)));

    [Fact]
    public void A_handshake_without_a_version_must_read_as_1_0()
    {
        var fromOldClient = TopologyRequest.Parser.ParseFrom(ByteString.Empty);

        Assert.Equal(V(1, 0), GatewayProtocol.OrUnversioned(fromOldClient.Version));
    }

    [Fact]
    public void The_mismatch_text_must_name_both_versions_and_who_is_who()
    {
        var text = GatewayProtocol.Mismatch(V(1, 1), V(2, 0));

        Assert.StartsWith("client gateway protocol 1.1 cannot talk to node protocol 2.0", text, StringComparison.Ordinal);
    }
}
