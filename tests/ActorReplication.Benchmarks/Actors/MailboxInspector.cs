using System.Reflection;
using ActorReplication.Actors;

namespace ActorReplication.Benchmarks.Actors;

/// <summary>
/// Best-effort, read-only look at a local actor's mailbox through reflection (the runtime keeps it internal), used
/// only to classify a stall: a mailbox that is idle (not scheduled) while its user queue holds messages has lost a
/// wakeup and will not run again until something else is posted to it. Returns null when the runtime's internals no
/// longer have the expected shape (<c>LocalActorRef.Cell</c>, <c>ActorCell.Mailbox</c>, <c>Mailbox._status</c>,
/// <c>Mailbox.UserCount</c>), so a refactoring there degrades this to "unknown" rather than breaking the benchmarks.
/// </summary>
internal static class MailboxInspector
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;

    private static readonly PropertyInfo? CellProperty = typeof(LocalActorRef).GetProperty("Cell", Any);
    private static readonly PropertyInfo? MailboxProperty = CellProperty?.PropertyType.GetProperty("Mailbox", Any);
    private static readonly FieldInfo? StatusField = MailboxProperty?.PropertyType.GetField("_status", Any);
    private static readonly PropertyInfo? UserCountProperty = MailboxProperty?.PropertyType.GetProperty("UserCount", Any);

    /// <summary>True when the actor's mailbox is idle with queued user messages, seen twice 1 ms apart; null when unknown.</summary>
    public static bool? HasLostWakeup(IActorRef actor)
    {
        if (!TryLooksLost(actor, out var lost)) return null;
        if (!lost) return false;
        Thread.Sleep(1);
        return TryLooksLost(actor, out lost) ? lost : null;
    }

    private static bool TryLooksLost(IActorRef actor, out bool lost)
    {
        lost = false;
        try
        {
            if (actor is not LocalActorRef local || CellProperty is null || MailboxProperty is null || StatusField is null
                || UserCountProperty is null || StatusField.FieldType != typeof(int) || UserCountProperty.PropertyType != typeof(int))
                return false;
            var mailbox = MailboxProperty.GetValue(CellProperty.GetValue(local));
            if (mailbox is null) return false;
            var idle = (int)StatusField.GetValue(mailbox)! == 0;
            lost = idle && (int)UserCountProperty.GetValue(mailbox)! > 0;
            return true;
        }
        catch (Exception e) when (e is TargetException or TargetInvocationException or MemberAccessException or InvalidCastException)
        {
            return false;
        }
    }
}
