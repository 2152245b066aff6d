using Akka.Actor;

namespace ActorReplication.Client.Actors;

/// <summary>
/// The client as an actor on the user's ActorSystem: <see cref="CacheProtocol.Request"/>s in, typed
/// <see cref="CacheProtocol.Reply"/>s (or a <see cref="Status.Failure"/> with the <see cref="CacheException"/>) back to
/// the sender. Requests run concurrently through one <see cref="CacheClient"/>, as concurrent async calls do, so replies
/// may come back in another order than the requests; each reply names its request. Never blocks: a request's result
/// is piped to its sender.
/// </summary>
public sealed class CacheClientActor : ReceiveActor
{
    /// <summary>The name <see cref="Hosting.CacheClientHostingExtensions.WithCacheClient"/> starts it under.</summary>
    public const string Name = "cache-client";

    private readonly IReadOnlyList<string>? _seedNodes;
    private readonly CacheClientOptions? _options;
    private CacheClient? _client;

    /// <summary>Use <see cref="Props(CacheClient)"/>.</summary>
    public CacheClientActor(CacheClient client)
    {
        _client = client;
        Receive<CacheProtocol.Request>(HandleRequest);
    }

    /// <summary>Use <see cref="Props(IReadOnlyList{string}, CacheClientOptions?)"/>.</summary>
    public CacheClientActor(IReadOnlyList<string> seedNodes, CacheClientOptions options)
    {
        _seedNodes = seedNodes;
        _options = options;
        Receive<CacheProtocol.Request>(HandleRequest);
    }

    /// <summary>An actor over <paramref name="client"/>, which the caller keeps owning (and disposes).</summary>
    public static Props Props(CacheClient client) => Akka.Actor.Props.Create(() => new CacheClientActor(client));

    /// <summary>
    /// An actor that makes its own client on its ActorSystem from <paramref name="seedNodes"/> and disposes it when it
    /// stops. The first request reads the topology.
    /// </summary>
    public static Props Props(IReadOnlyList<string> seedNodes, CacheClientOptions? options = null)
    {
        var settings = options ?? new CacheClientOptions();
        return Akka.Actor.Props.Create(() => new CacheClientActor(seedNodes, settings));
    }

    /// <summary>The client this actor runs requests through.</summary>
    private CacheClient Client => _client ?? throw new InvalidOperationException("the client actor has not started");

    protected override void PreStart()
    {
        if (_seedNodes is not null) _client = CacheClient.Create(Context.System, _seedNodes, _options);
    }

    private void HandleRequest(CacheProtocol.Request request) =>
        request.RunAsync(Client).PipeTo(Sender, Self, failure: ex => new Status.Failure(Unwrap(ex)));

    private static Exception Unwrap(Exception ex) => ex is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerException! : ex;

    protected override void PostStop()
    {
        if (_seedNodes is not null && _client is not null) _ = _client.DisposeAsync().AsTask();
    }
}
