using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ActorReplication.Actors;
using System.Text;
using Microsoft.Extensions.Logging;

namespace ActorReplication.Remote;

public sealed partial class RemoteTransport
{
    private const int RefCacheLimit = 10_000;

    private static readonly string NobodyPath = ActorRefs.Nobody.Path.ToString();

    // Wire path -> ref, for senders and recipients seen again and again. Temp paths (one per Ask) are not cached.
    private readonly ConcurrentDictionary<string, IActorRef> _refCache = new(StringComparer.Ordinal);

    // Lookups by the path's characters, so a cached path costs no string.
    private readonly ConcurrentDictionary<string, IActorRef>.AlternateLookup<ReadOnlySpan<char>> _refLookup;

    // Manifests seen on the wire, so each costs a string once.
    private readonly ConcurrentDictionary<string, string> _manifests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _manifestLookup;

    // Local ref -> its wire path, computed once per actor; weak, so stopped actors are forgotten.
    private readonly ConditionalWeakTable<IActorRef, string> _localPaths = new();

    /// <summary>This node's public address, or an alias of it (the bind hostname with the same port).</summary>
    public bool IsLocalAddress(Address address) =>
        address.Equals(Address) || address.Equals(System.Address)
        || (address.Protocol == Protocol && address.System == System.Name && address.Port == Address.Port && address.Host == Settings.Hostname);

    public IActorRef ResolveRemote(ActorPath path)
    {
        if (!IsRemotable(path.Address))
        {
            Log.LogWarning("No route to {Path}: remoting reaches only {Protocol}://system@host:port addresses", path, Protocol);
            return System.DeadLetters;
        }
        return new RemoteActorRef(this, path, GetOrCreateAssociation(path.Address));
    }

    public IActorRef RemoteRoot(Address address) => ResolveRemote(ActorPath.Root(address));

    /// <summary>How <paramref name="actorRef"/> travels: full path with this node's public address and the actor's uid; "" for none.</summary>
    public string ToSerializedPath(IActorRef? actorRef)
    {
        switch (actorRef)
        {
            case null:
                return "";
            case RemoteActorRef remote:
                return remote.SerializedPath;
        }
        if (_localPaths.TryGetValue(actorRef, out var cached)) return cached;
        if (actorRef.IsNobody()) return NobodyPath;
        var path = actorRef.Path;
        var address = System.IsLocalAddress(path.Address) ? Address : path.Address;
        var text = path.Uid == 0
            ? address + path.ToStringWithoutAddress()
            : $"{address}{path.ToStringWithoutAddress()}#{path.Uid}";
        if (path.Elements is not ["temp", ..]) _localPaths.TryAdd(actorRef, text);
        return text;
    }

    /// <summary>
    /// The ref for a wire path: for this node a live local actor (or a stand-in that turns messages into dead letters
    /// and answers watches as "does not exist"), for other nodes a <see cref="RemoteActorRef"/>; null for "".
    /// </summary>
    public IActorRef? ResolveActorRef(string serializedPath)
    {
        if (serializedPath.Length == 0) return null;
        if (_refCache.TryGetValue(serializedPath, out var cached))
        {
            if (cached is not LocalActorRef { IsTerminated: true }) return cached;
            _refCache.TryRemove(serializedPath, out _);
        }
        if (serializedPath == NobodyPath) return ActorRefs.Nobody;
        if (!ActorPath.TryParse(serializedPath, out var path))
        {
            Log.LogWarning("Ignored an invalid actor path '{Path}'", serializedPath);
            return System.DeadLetters;
        }
        IActorRef resolved;
        bool cacheable;
        if (IsLocalAddress(path.Address))
        {
            resolved = System.ResolveLocal(path);
            if (ReferenceEquals(resolved, System.DeadLetters) && path.Elements is not ["deadLetters"])
                resolved = new EmptyLocalActorRef(System, path);
            cacheable = resolved is LocalActorRef;
        }
        else
        {
            resolved = ResolveRemote(path);
            cacheable = resolved is RemoteActorRef && path.Elements is not ["temp", ..];
        }
        if (cacheable)
        {
            if (_refCache.Count >= RefCacheLimit) _refCache.Clear();
            _refCache[serializedPath] = resolved;
        }
        return resolved;
    }

    /// <summary><see cref="ResolveActorRef(string)"/> for a UTF-8 path read off the wire; a cached path allocates nothing.</summary>
    private IActorRef? ResolveActorRef(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) return null;
        char[]? rented = null;
        var chars = utf8.Length <= 256 ? stackalloc char[utf8.Length] : (rented = ArrayPool<char>.Shared.Rent(utf8.Length));
        try
        {
            var path = chars[..Encoding.UTF8.GetChars(utf8, chars)];
            if (_refLookup.TryGetValue(path, out var cached) && cached is not LocalActorRef { IsTerminated: true }) return cached;
            return ResolveActorRef(new string(path));
        }
        finally
        {
            if (rented is not null) ArrayPool<char>.Shared.Return(rented);
        }
    }

    private IActorRef? ResolveRecipient(ReadOnlySpan<byte> utf8)
    {
        var resolved = ResolveActorRef(utf8);
        if (resolved is RemoteActorRef remote)
        {
            Log.LogWarning("Dropped a message for {Recipient}: that is not an address of this node ({Address})", remote.SerializedPath, Address);
            return null;
        }
        return resolved;
    }

    private string Manifest(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty) return "";
        Span<char> chars = stackalloc char[Math.Min(utf8.Length, 1024)];
        if (utf8.Length <= chars.Length)
        {
            var manifest = chars[..Encoding.UTF8.GetChars(utf8, chars)];
            if (_manifestLookup.TryGetValue(manifest, out var cached)) return cached;
        }
        var text = Encoding.UTF8.GetString(utf8);
        if (_manifests.Count < 1000) _manifests.TryAdd(text, text);
        return text;
    }

    /// <summary>A recipient must live here; a path naming another node is a routing error, dropped with a warning.</summary>
    private IActorRef? ResolveRecipient(string serializedPath)
    {
        var resolved = ResolveActorRef(serializedPath);
        if (resolved is RemoteActorRef)
        {
            Log.LogWarning("Dropped a message for {Recipient}: that is not an address of this node ({Address})", serializedPath, Address);
            return null;
        }
        return resolved;
    }
}
