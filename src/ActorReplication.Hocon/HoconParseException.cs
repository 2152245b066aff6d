namespace ActorReplication.Hocon;

/// <summary>The HOCON text is malformed. The message reads <c>source:line:column: reason</c>.</summary>
public sealed class HoconParseException : Exception
{
    public HoconParseException(string source, int line, int column, string reason)
        : base($"{source}:{line}:{column}: {reason}")
    {
        Source = source;
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>
    /// The file, resource or source name being parsed. Hides <see cref="Exception.Source"/>, which would only
    /// name this assembly and says nothing useful about a configuration error.
    /// </summary>
    public new string Source { get; }

    public int Line { get; }

    public int Column { get; }

    /// <summary>The message without the position prefix.</summary>
    public string Reason { get; }
}
