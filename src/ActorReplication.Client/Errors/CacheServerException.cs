namespace ActorReplication.Client;

/// <summary>A node answered with an error; <see cref="Exception.Message"/> is Redis's error text (e.g. <c>WRONGTYPE ...</c>).</summary>
public class CacheServerException : CacheException
{
    public CacheServerException(string message) : base(message)
    {
    }

    /// <summary>The error's first word: <c>ERR</c>, <c>WRONGTYPE</c>, <c>READONLY</c>, ...</summary>
    public string Code => Message.Split(' ', 2)[0];

    /// <summary>The typed exception for Redis's error <paramref name="text"/>.</summary>
    public static CacheServerException From(string text) => text.Split(' ', 2)[0] switch
    {
        "READONLY" => new ReadOnlyException(text),
        "MASTERDOWN" => new MasterDownException(text),
        "NOREPLICAS" => new NoReplicasException(text),
        "WRONGTYPE" => new WrongTypeException(text),
        _ => new CacheServerException(text),
    };
}
