namespace ActorReplication.Actors;

internal static class ActorNames
{
    private const string AllowedPunctuation = "-_.*$+:@&=,!~';";

    /// <summary>Names become path elements, so they must be URI-safe and not empty; '$' starts only system names.</summary>
    public static void Validate(string name)
    {
        if (string.IsNullOrEmpty(name))
            throw new InvalidActorNameException("Actor name must not be empty");
        foreach (var c in name)
        {
            if (char.IsAsciiLetterOrDigit(c) || AllowedPunctuation.Contains(c)) continue;
            throw new InvalidActorNameException(
                $"Invalid actor name [{name}]: only ASCII letters, digits and {AllowedPunctuation} are allowed");
        }
    }
}
