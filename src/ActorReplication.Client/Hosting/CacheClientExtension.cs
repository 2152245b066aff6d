using Akka.Actor;

namespace ActorReplication.Client.Hosting;

/// <summary>
/// Where an ActorSystem keeps the <see cref="CacheClient"/> that <see cref="CacheClientHostingExtensions.WithCacheClient"/>
/// made for it (an Akka extension, as <c>Cluster.Get(system)</c>), so code that has the system finds the facade. The
/// client is disposed when the system terminates.
/// </summary>
public sealed class CacheClientExtension : IExtension
{
    private CacheClient? _client;

    public static CacheClientExtension Get(ActorSystem system) => system.WithExtension<CacheClientExtension, CacheClientExtensionProvider>();

    /// <summary>The system's client; throws when none was registered.</summary>
    public CacheClient Client => _client ?? throw new InvalidOperationException("No CacheClient on this ActorSystem: call WithCacheClient(...) on its AkkaConfigurationBuilder");

    internal void Attach(CacheClient client, ActorSystem system)
    {
        if (Interlocked.CompareExchange(ref _client, client, null) is not null)
            throw new InvalidOperationException("This ActorSystem already has a CacheClient");
        system.RegisterOnTermination(() => client.DisposeAsync().AsTask().GetAwaiter().GetResult());
    }
}

/// <summary>The id of <see cref="CacheClientExtension"/>.</summary>
public sealed class CacheClientExtensionProvider : ExtensionIdProvider<CacheClientExtension>
{
    public override CacheClientExtension CreateExtension(ExtendedActorSystem system) => new();
}

/// <summary><c>system.CacheClient()</c>.</summary>
public static class CacheClientActorSystemExtensions
{
    /// <summary>The client <c>WithCacheClient(...)</c> made on this ActorSystem.</summary>
    public static CacheClient CacheClient(this ActorSystem system) => CacheClientExtension.Get(system).Client;
}
