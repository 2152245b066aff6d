namespace ActorReplication.Hocon;

/// <summary>Text to parse, with what is needed to report positions and follow its includes.</summary>
/// <param name="Name">Shown in messages and origins, e.g. <c>hocon/master.conf</c>.</param>
/// <param name="Identity">Stable identity (a full file path) used to detect include cycles.</param>
/// <param name="Includes">Finds the files this text includes, relative to where the text came from.</param>
internal sealed record HoconSource(string Name, string Identity, string Text, IHoconIncludeResolver Includes);
