using BenchmarkDotNet.Running;

namespace ActorReplication.Benchmarks;

public static class Program
{
    /// <summary>
    /// <c>akka-dispatcher-quick [options]</c> compares the keyspace's Akka dispatcher with Akka's default one;
    /// <c>snapshot-quick [keys] [chunk]</c> times the snapshot walk, CRC and loader in-process;
    /// <c>client-throughput [options]</c> drives a running cluster through ActorReplication.Client (client-vs-resp.sh);
    /// <c>multi-exec-load [options]</c> pipelines MULTI/EXEC transactions at any RESP server (multi-exec-vs-redis.sh);
    /// anything else goes to BenchmarkDotNet's switcher (e.g. <c>--filter *Resp*</c>).
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "akka-dispatcher-quick") return Dispatch.KeyspaceDispatcherQuick.Run(args[1..]);
        if (args.Length > 0 && args[0] == "snapshot-quick") return Replication.SnapshotQuick.Run(args[1..]);
        if (args.Length > 0 && args[0] == "client-throughput") return Client.ClientThroughput.Run(args[1..]);
        if (args.Length > 0 && args[0] == "multi-exec-load") return Transactions.MultiExecLoad.Run(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
