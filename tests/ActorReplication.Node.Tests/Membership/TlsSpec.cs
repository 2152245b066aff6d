using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ActorReplication.Node.Membership;
using Akka.Actor;
using Akka.Remote;
using AkkaCluster = Akka.Cluster.Cluster;

namespace ActorReplication.Node.Tests.Membership;

/// <summary>
/// Akka.Remote has no shared-secret handshake (issue #10 item 7): with TLS configured, members share one certificate
/// and pin it, so a node with any other certificate can neither join nor reach an actor.
/// </summary>
public sealed class TlsSpec : Akka.TestKit.Xunit2.TestKit, IDisposable
{
    private static readonly TimeSpan Formation = TimeSpan.FromSeconds(30);
    private readonly string _dir = Directory.CreateTempSubdirectory("ar-tls-").FullName;

    [Fact]
    public async Task Members_with_the_clusters_certificate_join_and_a_node_with_another_one_cannot_join_or_reach_an_actor()
    {
        var shared = WriteCertificate("cluster");
        var stranger = WriteCertificate("stranger");
        using var cluster = new ClusterHarness(3, (i, o) => o with
        {
            FaultInjection = false,
            Tls = i < 2 ? shared : stranger,
            SeedNodes = o.SeedNodes.Take(2).ToArray(), // the stranger knows where the cluster is
        });
        var refused = CreateTestProbe(cluster[2]);
        cluster[2].EventStream.Subscribe(refused.Ref, typeof(AssociationErrorEvent));
        cluster[0].ActorOf(Props.Create(() => new Echo()), "echo");

        AwaitAssert(() =>
        {
            Assert.Equal(2, cluster.UpMembers(0).Count);
            Assert.Equal(2, cluster.UpMembers(1).Count);
        }, Formation, TimeSpan.FromMilliseconds(200));
        refused.ExpectMsg<AssociationErrorEvent>(Formation); // its handshakes fail

        var identity = await cluster[2].ActorSelection($"{cluster.AddressOf(0)}/user/echo")
            .Ask<ActorIdentity>(new Identify(1), TimeSpan.FromSeconds(10))
            .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null);
        Assert.Null(identity?.Subject);
        Assert.All(cluster.UpMembers(0), m => Assert.NotEqual(AkkaCluster.Get(cluster[2]).SelfAddress, m.Address));
        var own = await cluster[0].ActorSelection($"{cluster.AddressOf(0)}/user/echo").Ask<ActorIdentity>(new Identify(2), TimeSpan.FromSeconds(10));
        Assert.NotNull(own.Subject); // the actor is there: only the stranger cannot see it
    }

    public new void Dispose()
    {
        base.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>A self-signed certificate for both client and server authentication, as a PKCS#12 file.</summary>
    private TlsCertificate WriteCertificate(string name)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], critical: false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var path = Path.Combine(_dir, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, "test"));
        return new TlsCertificate(path, "test");
    }

    private sealed class Echo : ReceiveActor
    {
        public Echo() => ReceiveAny(m => Sender.Tell(m));
    }
}
