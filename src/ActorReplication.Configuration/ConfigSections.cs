using Akka.Configuration;

namespace ActorReplication.Configuration;

/// <summary>Entry point of the strict getters: <c>config.Section("replication").ReadTimeSpan("repl-timeout")</c>.</summary>
public static class ConfigSections
{
    /// <summary>The object at <paramref name="path"/> (the root when empty), read with <see cref="ConfigSection"/>'s getters.</summary>
    public static ConfigSection Section(this Config config, string path = "")
    {
        ArgumentNullException.ThrowIfNull(config);
        return new ConfigSection(config, path);
    }
}
