namespace ActorReplication.TestKit;

/// <summary>A TestKit expectation failed; the message says what was expected, what arrived and when.</summary>
public sealed class TestKitAssertionException(string message, Exception? inner = null) : Exception(message, inner);
