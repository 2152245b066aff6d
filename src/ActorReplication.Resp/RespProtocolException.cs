namespace ActorReplication.Resp;

/// <summary>
/// Malformed RESP input. <see cref="Exception.Message"/> is Redis's reply text without the <c>ERR </c> prefix
/// (e.g. <c>Protocol error: invalid multibulk length</c>), so a server can reply <c>-ERR {Message}</c> and close.
/// </summary>
public sealed class RespProtocolException : Exception
{
    public RespProtocolException()
        : base("Protocol error")
    {
    }

    public RespProtocolException(string message)
        : base(message)
    {
    }

    public RespProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal static RespProtocolException InvalidMultibulkLength() => new("Protocol error: invalid multibulk length");

    internal static RespProtocolException InvalidBulkLength() => new("Protocol error: invalid bulk length");

    internal static RespProtocolException TooBigInlineRequest() => new("Protocol error: too big inline request");

    internal static RespProtocolException TooBigMultibulkCount() => new("Protocol error: too big mbulk count string");

    internal static RespProtocolException TooBigBulkCount() => new("Protocol error: too big bulk count string");

    internal static RespProtocolException UnbalancedQuotes() => new("Protocol error: unbalanced quotes in request");

    internal static RespProtocolException ExpectedDollar(byte got) => new("Protocol error: expected '$', got '" + (char)got + "'");
}
