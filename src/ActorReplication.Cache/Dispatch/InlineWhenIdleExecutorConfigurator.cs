using Akka.Configuration;
using Akka.Dispatch;

namespace ActorReplication.Cache.Dispatch;

/// <summary>
/// Lets a dispatcher's HOCON name <see cref="InlineWhenIdleExecutor"/> as its <c>executor</c> (Akka creates configurators
/// named by type with this constructor).
/// </summary>
public sealed class InlineWhenIdleExecutorConfigurator(Config config, IDispatcherPrerequisites prerequisites)
    : ExecutorServiceConfigurator(config, prerequisites)
{
    public override ExecutorService Produce(string id) => new InlineWhenIdleExecutor(id);
}
