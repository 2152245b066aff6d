namespace ActorReplication.Actors;

/// <summary>Actors that implement this get a <see cref="IStash"/> injected before their constructor body runs.</summary>
public interface IWithStash
{
    IStash Stash { get; set; }
}

/// <summary>
/// Sets messages aside to handle later, typically after a <c>Become</c>. Unstashed messages go to the front
/// of the mailbox in their original order. On restart the stash is unstashed so no message is lost.
/// </summary>
public interface IStash
{
    /// <summary>Stashes the message being processed. Stashing the same message twice is an error.</summary>
    void Stash();

    /// <summary>Puts back the oldest stashed message.</summary>
    void Unstash();

    void UnstashAll();

    /// <summary>Stashed messages, oldest first, without removing them.</summary>
    IReadOnlyCollection<Envelope> Messages { get; }

    /// <summary>Drops everything stashed and returns it.</summary>
    IReadOnlyList<Envelope> ClearStash();
}
