// A tour of ActorReplication.Client, from the application's own ActorSystem, against the local cluster of
// `deploy/cluster.sh start` (remoting on 16379-16381). It references Akka, Akka.Remote and the client package only
// (samples/nuget.config: the folder deploy/pack.sh fills). Usage, after deploy/pack.sh:
//   dotnet run --project samples/ActorReplication.Client.Sample [--incr-loop SECONDS] [seed ...]
// --incr-loop increments a counter five times a second and prints which master took each INCR: run a FAILOVER
// meanwhile and watch the client follow it. Exits 1 when a reply is not what the cluster should answer.
using System.Diagnostics;
using ActorReplication.Client;
using ActorReplication.Client.Actors;
using Akka.Actor;

var loopSeconds = args.Length >= 2 && args[0] == "--incr-loop" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
string[] seeds = args.Length > (loopSeconds > 0 ? 2 : 0) ? args[(loopSeconds > 0 ? 2 : 0)..] : ["127.0.0.1:16379", "127.0.0.1:16380", "127.0.0.1:16381"];

// The application's ActorSystem: remoting on an ephemeral loopback port; it does not join the cluster.
using var system = ActorSystem.Create("sample-app", """
    akka.loglevel = WARNING
    akka.actor.provider = remote
    akka.remote.dot-netty.tcp { hostname = "127.0.0.1", port = 0 }
    """);
await using var client = await CacheClient.ConnectAsync(system, seeds, new CacheClientOptions { ReadYourWrites = true });
if (loopSeconds > 0)
{
    var clock = Stopwatch.StartNew();
    using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
    while (clock.Elapsed < TimeSpan.FromSeconds(loopSeconds) && await tick.WaitForNextTickAsync())
    {
        try
        {
            var value = await client.IncrAsync("visits");
            Console.WriteLine($"INCR visits -> {value} (master {client.Topology.Master?.RespEndpoint ?? "?"})");
        }
        catch (CacheException e)
        {
            Console.WriteLine($"INCR visits -> {e.GetType().Name}: {e.Message}");
        }
    }
    return 0;
}
Console.WriteLine($"master:   {client.Topology.Master?.RespEndpoint ?? "none"}");
Console.WriteLine($"replicas: {string.Join(", ", client.Topology.Replicas.Select(r => r.RespEndpoint))}");

await client.SetAsync("hello", "world");
var hello = await client.GetAsync("hello");                                      // from a replica, after it saw the SET
Console.WriteLine($"GET hello        -> {hello}");
if (hello != "world") return Fail("GET hello");
Console.WriteLine($"INCR counter     -> {await client.IncrAsync("counter")}");
await client.SetAsync("session:1", "alice", TimeSpan.FromSeconds(60));
Console.WriteLine($"TTL session:1    -> {await client.TtlAsync("session:1")}");
await client.HSetAsync("user:1", [new("name", "alice"), new("age", "30")]);
Console.WriteLine($"HGETALL user:1   -> {string.Join(", ", (await client.HGetAllAsync("user:1")).Select(p => $"{p.Key}={p.Value}"))}");
await client.RPushAsync("queue", "a", "b");
Console.WriteLine($"LPOP queue       -> {await client.LPopAsync("queue")}");
await client.SAddAsync("tags", "x", "y");
Console.WriteLine($"SISMEMBER tags x -> {await client.SIsMemberAsync("tags", "x")}");

try
{
    await client.LPushAsync("hello", "oops");
}
catch (CacheServerException e)
{
    Console.WriteLine($"LPUSH hello      -> {e.GetType().Name}: {e.Message}");
}

// The same client as an actor: typed requests, typed replies.
var cache = system.ActorOf(CacheClientActor.Props(client), "cache");
var fromActor = await cache.Ask<CacheProtocol.Value>(new CacheProtocol.Get("hello"), TimeSpan.FromSeconds(10));
Console.WriteLine($"actor Get hello  -> {fromActor.Text}");
if (fromActor.Text != "world") return Fail("the actor's Get");

// Many commands, one round trip.
await client.DelAsync("sample:n");
var piped = await client.PipelineAsync([.. Enumerable.Range(0, 100).Select(_ => CacheCommand.Incr("sample:n")), CacheCommand.Get("sample:n")]);
Console.WriteLine($"pipeline 100 INCR -> {piped[^1].Result.AsString()}");
if (piped[^1].Result.AsString() != "100") return Fail("the pipeline");

// Read-your-writes across clients: a token from this client's last write.
Console.WriteLine($"last write token -> {client.LastWriteToken}");
return 0;

static int Fail(string what)
{
    Console.Error.WriteLine($"unexpected reply to {what}");
    return 1;
}
