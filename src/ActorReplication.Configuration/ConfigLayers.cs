using Akka.Configuration;

namespace ActorReplication.Configuration;

/// <summary>
/// A node's configuration as layers, highest first (the <c>--set</c> overrides, then the node file), over the reference
/// files. Each layer's keys are checked against the reference; errors found later in the merged config are attributed
/// to the layer that set the key (<see cref="Describe"/>), since Akka's config does not keep where a value came from.
/// </summary>
public sealed class ConfigLayers
{
    private readonly List<(string Source, Config Config)> _layers = [];
    private readonly Config _reference;
    private readonly KnownKeys _knownKeys;

    public ConfigLayers(Config reference, IReadOnlyCollection<string> openMaps)
    {
        ArgumentNullException.ThrowIfNull(reference);
        _reference = reference;
        _knownKeys = new KnownKeys(reference, openMaps);
    }

    /// <summary>Adds a layer above the ones added so far, after checking its keys.</summary>
    public ConfigLayers Push(Config layer, string source)
    {
        _knownKeys.Check(layer, source);
        _layers.Insert(0, (source, layer));
        return this;
    }

    /// <summary>The layers merged, highest first, over the reference.</summary>
    public Config Merged() => _layers.Aggregate(Config.Empty, (merged, layer) => merged.IsEmpty ? layer.Config : layer.Config.IsEmpty ? merged : merged.WithFallback(layer.Config)) is { IsEmpty: false } top
        ? top.WithFallback(_reference)
        : _reference;

    /// <summary>The error's message prefixed with the layer that set its key (<c>hocon/node.conf: ...</c>).</summary>
    public string Describe(ConfigException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.Path is not { } path) return error.Message;
        foreach (var (source, config) in _layers)
        {
            if (!config.IsEmpty && config.HasPath(path)) return $"{source}: {error.Message}";
        }

        return $"reference default: {error.Message}";
    }
}
