using System.Security.Cryptography.X509Certificates;
using Akka.Remote.Transport.DotNetty;

namespace ActorReplication.Client.Remoting;

/// <summary>
/// Akka.Remote over mutual TLS where both ends must present exactly this certificate (its thumbprint is pinned): a
/// cluster and its clients share one certificate, so a stranger with any other one (even one a public CA signed) is
/// refused in the handshake. Akka.Remote has no shared secret of its own (decision 0011).
/// </summary>
public static class PinnedCertificateTls
{
    /// <summary>The ActorSystem setup for a PKCS#12 file and its password.</summary>
    public static DotNettySslSetup Setup(string path, string password)
    {
        var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, password, X509KeyStorageFlags.Exportable);
        return new DotNettySslSetup(certificate, suppressValidation: false, requireMutualAuthentication: true,
            CertificateValidation.PinnedCertificate(certificate.Thumbprint));
    }
}
