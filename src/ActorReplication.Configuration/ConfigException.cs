namespace ActorReplication.Configuration;

/// <summary>
/// A configuration cannot be used: a file is malformed or missing, a key is unknown, missing or has a bad value,
/// or a substitution is undefined. The message names the full key path; <see cref="Path"/> holds it.
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
