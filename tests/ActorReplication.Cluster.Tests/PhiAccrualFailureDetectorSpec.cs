using ActorReplication.Cluster;

namespace ActorReplication.Cluster.Tests;

public sealed class PhiAccrualFailureDetectorSpec
{
    private TimeSpan _now = TimeSpan.FromSeconds(100);

    private PhiAccrualFailureDetector Detector(double threshold = 8.0, int maxSampleSize = 1000, int minStdDevMs = 100,
        int acceptablePauseMs = 3000, int firstEstimateMs = 1000) =>
        new(threshold, maxSampleSize, TimeSpan.FromMilliseconds(minStdDevMs), TimeSpan.FromMilliseconds(acceptablePauseMs),
            TimeSpan.FromMilliseconds(firstEstimateMs), () => _now);

    private void Wait(int ms) => _now += TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void Resource_never_heard_from_must_be_available_and_not_monitored()
    {
        var d = Detector();
        Assert.True(d.IsAvailable);
        Assert.False(d.IsMonitoring);
        Assert.Equal(0.0, d.Phi());
    }

    [Fact]
    public void Regular_heartbeats_must_keep_phi_low()
    {
        var d = Detector();
        for (var i = 0; i < 100; i++)
        {
            d.HeartBeat();
            Wait(1000);
            Assert.True(d.Phi() < 1.0, $"phi {d.Phi()} after heartbeat {i}");
        }
        Assert.True(d.IsAvailable);
        Assert.True(d.IsMonitoring);
    }

    [Fact]
    public void Silence_past_the_acceptable_pause_must_make_the_resource_unavailable()
    {
        var d = Detector();
        for (var i = 0; i < 20; i++)
        {
            d.HeartBeat();
            Wait(1000);
        }
        Wait(2500); // 3.5 s since the last heartbeat: inside mean (1 s) + acceptable pause (3 s)
        Assert.True(d.IsAvailable, $"phi {d.Phi()}");
        Wait(2000); // 5.5 s
        Assert.False(d.IsAvailable, $"phi {d.Phi()}");
    }

    [Fact]
    public void Phi_must_grow_monotonically_with_silence()
    {
        var d = Detector();
        for (var i = 0; i < 10; i++)
        {
            d.HeartBeat();
            Wait(1000);
        }
        var previous = d.Phi();
        for (var i = 0; i < 50; i++)
        {
            Wait(100);
            var phi = d.Phi();
            Assert.True(phi >= previous, $"phi fell from {previous} to {phi}");
            previous = phi;
        }
    }

    [Fact]
    public void Jitter_within_the_acceptable_pause_must_be_tolerated()
    {
        var d = Detector();
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            d.HeartBeat();
            Wait(random.Next(500, 2500)); // heartbeats every 1 s ± 1 s, sometimes late by 1.5 s
            Assert.True(d.IsAvailable, $"unavailable at heartbeat {i}, phi {d.Phi()}");
        }
    }

    [Fact]
    public void Without_acceptable_pause_a_regular_link_must_fail_fast()
    {
        var d = Detector(acceptablePauseMs: 0);
        for (var i = 0; i < 20; i++)
        {
            d.HeartBeat();
            Wait(1000);
        }
        Wait(1000); // 2 s of silence on a link that never missed a beat
        Assert.False(d.IsAvailable, $"phi {d.Phi()}");
    }

    [Fact]
    public void First_heartbeat_after_a_failure_must_not_skew_the_history()
    {
        var d = Detector();
        for (var i = 0; i < 10; i++)
        {
            d.HeartBeat();
            Wait(1000);
        }
        var samples = d.SampleCount;
        Wait(60_000);
        Assert.False(d.IsAvailable);
        d.HeartBeat(); // back after a minute
        Assert.Equal(samples, d.SampleCount);
        Assert.True(d.IsAvailable);
        Wait(1000);
        d.HeartBeat();
        Assert.Equal(samples + 1, d.SampleCount);
    }

    [Fact]
    public void History_must_be_bounded_by_max_sample_size()
    {
        var d = Detector(maxSampleSize: 5);
        for (var i = 0; i < 20; i++)
        {
            d.HeartBeat();
            Wait(1000);
        }
        Assert.Equal(5, d.SampleCount);
    }

    [Fact]
    public void Phi_formula_must_match_known_values()
    {
        Assert.Equal(0.0, PhiAccrualFailureDetector.Phi(0, 1000, 100), 2);
        Assert.Equal(0.3, PhiAccrualFailureDetector.Phi(1000, 1000, 100), 1); // at the mean: P = 0.5
        Assert.True(PhiAccrualFailureDetector.Phi(1500, 1000, 100) > 5);
        Assert.True(PhiAccrualFailureDetector.Phi(100_000, 1000, 100) > 8); // may be +infinity: certainly dead
    }

    [Fact]
    public void Registry_must_keep_one_detector_per_resource()
    {
        var registry = new FailureDetectorRegistry<string>(() => Detector());
        Assert.True(registry.IsAvailable("a"));
        Assert.False(registry.IsMonitoring("a"));
        for (var i = 0; i < 10; i++)
        {
            registry.HeartBeat("a");
            registry.HeartBeat("b");
            Wait(1000);
        }
        for (var i = 0; i < 10; i++)
        {
            registry.HeartBeat("b");
            Wait(1000);
        }
        Assert.False(registry.IsAvailable("a"));
        Assert.True(registry.IsAvailable("b"));
        registry.Remove("a");
        Assert.True(registry.IsAvailable("a"));
        Assert.False(registry.IsMonitoring("a"));
        Assert.Equal(["b"], registry.Monitored);
    }
}
