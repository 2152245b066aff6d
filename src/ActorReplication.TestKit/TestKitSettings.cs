using ActorReplication.Hocon;

namespace ActorReplication.TestKit;

/// <summary>The <c>test</c> section: default timeouts and the time factor.</summary>
public sealed record TestKitSettings(double TimeFactor, TimeSpan SingleExpectDefault, TimeSpan ExpectNoMessageDefault, TimeSpan DefaultTimeout)
{
    public static TestKitSettings FromConfig(Config config)
    {
        var test = config.GetConfig("test");
        var factor = test.GetDouble("timefactor");
        if (factor <= 0) throw new ConfigException($"Configuration key 'test.timefactor' must be positive, not {factor}");
        return new TestKitSettings(factor, test.GetTimeSpan("single-expect-default"),
            test.GetTimeSpan("expect-no-message-default"), test.GetTimeSpan("default-timeout"));
    }
}
