namespace ActorReplication.Actors;

/// <summary>
/// The logical location of an actor: an address plus the names from the root guardian down,
/// e.g. <c>ar://sys/user/node/keyspace</c>. Equality ignores the incarnation uid, as in Akka.
/// </summary>
public sealed class ActorPath : IEquatable<ActorPath>
{
    private readonly string[] _elements;
    private string? _text;

    private ActorPath(Address address, string[] elements, long uid)
    {
        Address = address;
        _elements = elements;
        Uid = uid;
    }

    public static ActorPath Root(Address address) => new(address, [], 0);

    public Address Address { get; }

    /// <summary>Incarnation of the actor at this path; 0 when unknown (e.g. a selection).</summary>
    public long Uid { get; }

    public IReadOnlyList<string> Elements => _elements;

    public string Name => _elements.Length == 0 ? "" : _elements[^1];

    public ActorPath? Parent => _elements.Length == 0 ? null : new ActorPath(Address, _elements[..^1], 0);

    public ActorPath Child(string name, long uid = 0) => new(Address, [.. _elements, name], uid);

    public ActorPath WithUid(long uid) => new(Address, _elements, uid);

    public ActorPath WithAddress(Address address) => new(address, _elements, Uid);

    /// <summary>The path without the address: <c>/user/a/b</c>.</summary>
    public string ToStringWithoutAddress() => "/" + string.Join('/', _elements);

    public override string ToString() => _text ??= Address + ToStringWithoutAddress();

    /// <summary>Parses <c>proto://system[@host:port]/a/b</c>.</summary>
    public static ActorPath Parse(string text)
    {
        if (!TryParse(text, out var path))
            throw new FormatException($"'{text}' is not an actor path (expected proto://system[@host:port]/path)");
        return path;
    }

    public static bool TryParse(string text, out ActorPath path)
    {
        path = null!;
        if (!Address.TryParse(text, out var address)) return false;
        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal) + 3;
        var slash = text.IndexOf('/', schemeEnd);
        var elements = slash < 0 ? [] : text[(slash + 1)..].Split('/', StringSplitOptions.RemoveEmptyEntries);
        long uid = 0;
        if (elements.Length > 0)
        {
            var hash = elements[^1].IndexOf('#');
            if (hash >= 0)
            {
                if (!long.TryParse(elements[^1][(hash + 1)..], out uid)) return false;
                elements[^1] = elements[^1][..hash];
            }
        }
        path = new ActorPath(address, elements, uid);
        return true;
    }

    public bool Equals(ActorPath? other) =>
        other is not null && Address.Equals(other.Address) && _elements.AsSpan().SequenceEqual(other._elements);

    public override bool Equals(object? obj) => Equals(obj as ActorPath);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Address);
        foreach (var element in _elements) hash.Add(element);
        return hash.ToHashCode();
    }

    public static bool operator ==(ActorPath? a, ActorPath? b) => a is null ? b is null : a.Equals(b);
    public static bool operator !=(ActorPath? a, ActorPath? b) => !(a == b);
}
