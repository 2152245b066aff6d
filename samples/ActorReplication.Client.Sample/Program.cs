// A tour of ActorReplication.Client against the local cluster of `deploy/cluster.sh start`
// (remoting on 16379-16381). Usage: dotnet run --project samples/ActorReplication.Client.Sample [--incr-loop SECONDS] [seed ...]
// --incr-loop increments a counter five times a second and prints which master took each INCR: run a FAILOVER
// meanwhile and watch the client follow it.
using System.Diagnostics;
using ActorReplication.Client;

var loopSeconds = args.Length >= 2 && args[0] == "--incr-loop" ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 0;
string[] seeds = args.Length > (loopSeconds > 0 ? 2 : 0) ? args[(loopSeconds > 0 ? 2 : 0)..] : ["127.0.0.1:16379", "127.0.0.1:16380", "127.0.0.1:16381"];

await using var client = await CacheClient.ConnectAsync(seeds, new CacheClientOptions { ReadYourWrites = true });
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
    return;
}
Console.WriteLine($"master:   {client.Topology.Master?.RespEndpoint ?? "none"}");
Console.WriteLine($"replicas: {string.Join(", ", client.Topology.Replicas.Select(r => r.RespEndpoint))}");

await client.SetAsync("hello", "world");
Console.WriteLine($"GET hello        -> {await client.GetAsync("hello")}");       // from a replica, after it saw the SET
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
