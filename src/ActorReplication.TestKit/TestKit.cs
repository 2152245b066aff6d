using ActorReplication.Actors;
using ActorReplication.Configuration;
using Akka.Configuration;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ActorReplication.TestKit;

/// <summary>
/// Base class for actor specs in xunit: each test gets a fresh <see cref="ActorSystem"/> (xunit creates one class
/// instance per test) that is terminated in <see cref="Dispose()"/>. Logs go to the test output when given.
/// </summary>
public abstract class TestKit : TestKitBase, IDisposable
{
    private static readonly Lazy<Config> TestKitReference = new(() =>
        HoconFiles.FromResource(typeof(TestKit).Assembly, "reference/testkit.conf"));

    private static long _probeCounter;
    private bool _disposed;

    protected TestKit(Config? config = null, string? systemName = null, ITestOutputHelper? output = null)
        : this(CreateSystem(config, systemName, output))
    {
    }

    private TestKit((ActorSystem System, TestKitSettings Settings) created) : base(created.System, created.Settings)
    {
        CreateTestActor("testActor");
    }

    /// <summary>Config that makes the system run on a virtual-time <see cref="TestScheduler"/>.</summary>
    public static Config TestSchedulerConfig { get; } = HoconFiles.ParseString(
        $"actor.scheduler.implementation = \"{typeof(TestScheduler).AssemblyQualifiedName}\"");

    /// <summary>The virtual-time scheduler, when the system was created with <see cref="TestSchedulerConfig"/>.</summary>
    public TestScheduler Scheduler => Sys.Scheduler as TestScheduler
        ?? throw new InvalidOperationException("This test system does not run on the TestScheduler; pass TestKit.TestSchedulerConfig");

    public TestProbe CreateTestProbe(string? name = null) =>
        new(Sys, TestKitSettings, name ?? "testProbe-" + Interlocked.Increment(ref _probeCounter));

    /// <summary>Asserts on log events and dead letters produced while a block runs.</summary>
    public EventFilterFactory EventFilter => new(this);

    private static (ActorSystem, TestKitSettings) CreateSystem(Config? config, string? systemName, ITestOutputHelper? output)
    {
        var full = (config ?? Config.Empty).WithFallback(TestKitReference.Value);
        var providers = output is null ? Array.Empty<ILoggerProvider>() : [new TestOutputLoggerProvider(output)];
        var system = ActorSystem.Create(systemName ?? "test", new ActorSystemSetup(full, providers));
        return (system, TestKitSettings.FromConfig(system.Config));
    }

    /// <summary>Terminates the system and fails if it does not stop in time.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        var stopped = Sys.Terminate().Wait(Dilated(Sys.Settings.TerminateTimeout));
        if (!stopped) throw new TestKitAssertionException($"Actor system {Sys.Name} did not terminate within {Sys.Settings.TerminateTimeout}");
    }
}
