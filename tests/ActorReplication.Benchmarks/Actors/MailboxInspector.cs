using System.Reflection;
using ActorReplication.Actors;

namespace ActorReplication.Benchmarks.Actors;

/// <summary>
/// Best-effort, read-only look at local actors' mailboxes through reflection (the runtime keeps them internal), used
/// only to classify a stall as a lost wakeup: a mailbox that is idle (not scheduled) while its queue holds messages,
/// with nobody left who is about to schedule it. Returns null when the runtime's internals no longer have the expected
/// shape (<c>LocalActorRef.Cell</c>, <c>ActorCell.Mailbox</c>, <c>Mailbox._status</c> with 0 = idle,
/// <c>Mailbox.UserCount</c>), so a refactoring there degrades this to "unknown" rather than breaking the benchmarks.
/// </summary>
internal static class MailboxInspector
{
    private const BindingFlags Any = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;

    private static readonly PropertyInfo? CellProperty = typeof(LocalActorRef).GetProperty("Cell", Any);
    private static readonly PropertyInfo? MailboxProperty = CellProperty?.PropertyType.GetProperty("Mailbox", Any);
    private static readonly FieldInfo? StatusField = MailboxProperty?.PropertyType.GetField("_status", Any);
    private static readonly PropertyInfo? UserCountProperty = MailboxProperty?.PropertyType.GetProperty("UserCount", Any);

    /// <summary>
    /// For an actor whose only other sender is the calling thread (so no post can be half done): true when its mailbox
    /// is idle with messages queued, seen twice 1 ms apart; null when unknown.
    /// </summary>
    public static bool? HasLostWakeup(IActorRef actor) => Twice(() =>
        Inspect(actor) is { } state ? state.Idle && state.Queued > 0 : null);

    /// <summary>
    /// For two actors that only message each other (and the calling thread): true when both mailboxes are idle and at
    /// least one holds messages, seen twice 1 ms apart. Both idle means neither is running a turn, so neither can be
    /// between enqueueing and scheduling (a poster descheduled there would look the same for a moment; that is why
    /// "idle with messages" on one mailbox alone is not proof on a loaded machine). Null when unknown.
    /// </summary>
    public static bool? PairHasLostWakeup(IActorRef a, IActorRef b) => Twice(() =>
        Inspect(a) is { } sa && Inspect(b) is { } sb ? sa.Idle && sb.Idle && sa.Queued + sb.Queued > 0 : null);

    private static bool? Twice(Func<bool?> look)
    {
        var first = look();
        if (first != true) return first;
        Thread.Sleep(1);
        return look();
    }

    private readonly record struct MailboxState(bool Idle, int Queued);

    private static MailboxState? Inspect(IActorRef actor)
    {
        try
        {
            if (actor is not LocalActorRef local || CellProperty is null || MailboxProperty is null || StatusField is null
                || UserCountProperty is null || StatusField.FieldType != typeof(int) || UserCountProperty.PropertyType != typeof(int))
                return null;
            var mailbox = MailboxProperty.GetValue(CellProperty.GetValue(local));
            if (mailbox is null) return null;
            var idle = (int)StatusField.GetValue(mailbox)! == 0;
            return new MailboxState(idle, (int)UserCountProperty.GetValue(mailbox)!);
        }
        catch (Exception e) when (e is TargetException or TargetInvocationException or MemberAccessException or InvalidCastException)
        {
            return null;
        }
    }
}
