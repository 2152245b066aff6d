using Microsoft.Extensions.Logging;

namespace ActorReplication.Cluster;

internal static class ClusterLog
{
    public static void LogWarningUnreachable(this ILogger log, UniqueAddress self, UniqueAddress node) =>
        log.LogWarning("Cluster node {Self} marks {Node} unreachable (failure detector)", self, node);
}
