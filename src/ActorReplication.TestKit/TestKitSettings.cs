using ActorReplication.Configuration;
using Akka.Configuration;

namespace ActorReplication.TestKit;

/// <summary>The <c>test</c> section: default timeouts and the time factor.</summary>
public sealed record TestKitSettings(double TimeFactor, TimeSpan SingleExpectDefault, TimeSpan ExpectNoMessageDefault, TimeSpan DefaultTimeout)
{
    public static TestKitSettings FromConfig(Config config)
    {
        var test = config.Section("test");
        var factor = test.ReadDouble("timefactor");
        if (factor <= 0) throw new ConfigException($"Configuration key 'test.timefactor' must be positive, not {factor}", "test.timefactor");
        return new TestKitSettings(factor, test.ReadTimeSpan("single-expect-default"),
            test.ReadTimeSpan("expect-no-message-default"), test.ReadTimeSpan("default-timeout"));
    }
}
