namespace ActorReplication.Client;

/// <summary>Base of every error the client raises.</summary>
public class CacheException : Exception
{
    public CacheException(string message) : base(message)
    {
    }

    public CacheException(string message, Exception? inner) : base(message, inner)
    {
    }
}
