using Microsoft.Extensions.Logging;

namespace ActorReplication.Node.Hosting;

/// <summary>
/// Save points (<c>save &lt;seconds&gt; &lt;changes&gt;</c>): ten times a second, as Redis's cron, starts a background save
/// when a rule is due. After a failed save it waits <see cref="RetryDelaySeconds"/> before the next try, as Redis does.
/// </summary>
public static class SavePointScheduler
{
    public const int RetryDelaySeconds = 5;

    private static readonly TimeSpan Period = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Starts the process-wide check (a timer, not the ActorSystem's scheduler: a node that rejoins the cluster gets a
    /// new ActorSystem, and its save points must keep firing). It lives as long as the process.
    /// </summary>
    public static void Start(NodeRuntime node)
    {
        var log = node.LoggerFactory.CreateLogger("ActorReplication.Node.Persistence");
        _ = Task.Run(() => RunAsync(node.Saves, log));
    }

    private static async Task RunAsync(SnapshotSaves saves, ILogger log)
    {
        using var timer = new PeriodicTimer(Period);
        while (await timer.WaitForNextTickAsync().ConfigureAwait(false)) Check(saves, log);
    }

    private static void Check(SnapshotSaves saves, ILogger log)
    {
        var rules = saves.Rules;
        if (rules.Length == 0 || saves.InProgress) return;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (!saves.LastSaveOk && now - saves.LastTryUnix <= RetryDelaySeconds) return;
        var changes = saves.ChangesSinceLastSave;
        if (SaveRules.Due(rules, changes, now - saves.LastSaveUnix) is not { } rule) return;
        log.LogInformation("{Changes} changes in {Seconds} seconds. Saving...", rule.Changes, rule.Seconds);
        _ = saves.TryStart();
    }
}
