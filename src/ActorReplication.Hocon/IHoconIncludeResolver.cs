namespace ActorReplication.Hocon;

/// <summary>Finds the target of an <c>include "name"</c> relative to the including source.</summary>
internal interface IHoconIncludeResolver
{
    /// <summary>Returns the included source, or null when it does not exist.</summary>
    HoconSource? Resolve(string name);

    /// <summary>Where <see cref="Resolve"/> looked, for a "required include not found" message.</summary>
    string DescribeLocation(string name);
}
