namespace ActorReplication.Integration.Tests.Readme;

/// <summary>One "$ command" of a README session and the output lines shown under it.</summary>
public sealed record ReadmeStep(string Command, IReadOnlyList<string> Expected);
