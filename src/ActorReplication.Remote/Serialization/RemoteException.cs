namespace ActorReplication.Remote.Serialization;

/// <summary>
/// Stands for an exception that crossed the wire (in <c>Status.Failure</c>) whose type could not be rebuilt on this
/// node: it keeps the original type name, message and stack trace.
/// </summary>
public sealed class RemoteException(string originalType, string message, string? remoteStackTrace, Exception? inner = null)
    : Exception(message, inner)
{
    public string OriginalType { get; } = originalType;

    public string? RemoteStackTrace { get; } = remoteStackTrace;

    public override string ToString() => $"{OriginalType} (remote): {Message}{Environment.NewLine}{RemoteStackTrace}";
}
