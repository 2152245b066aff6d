namespace ActorReplication.Integration.Tests.Infrastructure;

/// <summary>One node for a whole test class (xunit class fixture): started before the first test, stopped after the last.</summary>
public class NodeFixture : IAsyncLifetime
{
    private NodeProcess? _node;

    public NodeProcess Node => _node ?? throw new InvalidOperationException("The node has not started");

    public int Port => Node.Port;

    /// <summary>Extra options this fixture's node starts with.</summary>
    protected virtual string[] Arguments => [];

    public async Task InitializeAsync() => _node = await NodeProcess.StartAsync(Arguments);

    public Task DisposeAsync()
    {
        _node?.Dispose();
        return Task.CompletedTask;
    }
}
