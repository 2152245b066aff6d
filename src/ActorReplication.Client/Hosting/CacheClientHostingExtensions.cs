using ActorReplication.Client.Actors;
using ActorReplication.Client.Protocol;
using Akka.Actor;
using Akka.Hosting;

namespace ActorReplication.Client.Hosting;

/// <summary>Akka.Hosting: the client on the host's ActorSystem, as an actor in the registry and as the async facade.</summary>
public static class CacheClientHostingExtensions
{
    /// <summary>
    /// Binds the client's serializer in the host's HOCON and, once the ActorSystem starts, makes one
    /// <see cref="CacheClient"/> on it (reachable by <see cref="CacheClientExtension.Get"/> or
    /// <c>system.CacheClient()</c>) and starts <see cref="CacheClientActor"/> under <c>/user/cache-client</c>, registered
    /// for <c>IRequiredActor&lt;CacheClientActor&gt;</c>. The host needs remoting (<c>WithRemoting(...)</c> of
    /// Akka.Remote.Hosting, or its own HOCON). The topology is read on the first request; the client is disposed when
    /// the system terminates. It never joins a cluster (decision 0006).
    /// </summary>
    public static AkkaConfigurationBuilder WithCacheClient(this AkkaConfigurationBuilder builder, IEnumerable<string> seedNodes, CacheClientOptions? options = null)
    {
        var seeds = seedNodes.ToList();
        builder.AddHocon(ClientSerialization.Config, HoconAddMode.Append);
        return builder.WithActors((system, registry) =>
        {
            var client = CacheClient.Create(system, seeds, options);
            CacheClientExtension.Get(system).Attach(client, system);
            var actor = system.ActorOf(CacheClientActor.Props(client), CacheClientActor.Name);
            registry.Register<CacheClientActor>(actor);
        });
    }
}
