namespace ActorReplication.Hocon;

/// <summary>
/// A configuration is well-formed HOCON but cannot answer a request: a key is missing, has the wrong type,
/// or refers to a substitution that is undefined or cyclic. The message names the full path and its origin.
/// </summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string message, string? path = null)
        : base(message)
    {
        Path = path;
    }

    public ConfigException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The full configuration path the error is about, when there is one.</summary>
    public string? Path { get; }
}
