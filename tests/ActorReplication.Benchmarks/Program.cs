using ActorReplication.Benchmarks.Actors;
using BenchmarkDotNet.Running;

namespace ActorReplication.Benchmarks;

public static class Program
{
    /// <summary>
    /// <c>actors-quick [options]</c> runs the quick (non-BenchmarkDotNet) actor throughput check;
    /// <c>akka-dispatcher-quick [options]</c> compares the keyspace's Akka dispatcher with Akka's default one;
    /// <c>snapshot-quick [keys] [chunk]</c> times the snapshot walk, CRC and loader in-process;
    /// <c>remote-2proc [options]</c> runs remote ping-pong against a child process (<c>remote-2proc-ponger --port P</c>);
    /// <c>client-throughput [options]</c> drives a running cluster through ActorReplication.Client (client-vs-resp.sh);
    /// anything else goes to BenchmarkDotNet's switcher (e.g. <c>--filter *PingPong*</c>).
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "akka-dispatcher-quick") return Dispatch.KeyspaceDispatcherQuick.Run(args[1..]);
        if (args.Length > 0 && args[0] == "actors-quick") return ActorsQuick.Run(args[1..]);
        if (args.Length > 0 && args[0] == "snapshot-quick") return Replication.SnapshotQuick.Run(args[1..]);
        if (args.Length > 0 && args[0] == "remote-2proc") return Remote.RemoteTwoProcess.RunParent(args[1..]);
        if (args.Length > 0 && args[0] == "client-throughput") return Client.ClientThroughput.Run(args[1..]);
        if (args.Length > 0 && args[0] == "remote-2proc-ponger") return Remote.RemoteTwoProcess.RunPonger(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
