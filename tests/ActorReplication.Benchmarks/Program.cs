using ActorReplication.Benchmarks.Actors;
using BenchmarkDotNet.Running;

namespace ActorReplication.Benchmarks;

public static class Program
{
    /// <summary>
    /// <c>actors-quick [options]</c> runs the quick (non-BenchmarkDotNet) actor throughput check;
    /// anything else goes to BenchmarkDotNet's switcher (e.g. <c>--filter *PingPong*</c>).
    /// </summary>
    public static int Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "actors-quick") return ActorsQuick.Run(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
