using ActorReplication.Node.Hosting;

namespace ActorReplication.Node;

public static class Program
{
    public static int Main(string[] args) => CommandLine.Run(args, NodeHost.Run);
}
