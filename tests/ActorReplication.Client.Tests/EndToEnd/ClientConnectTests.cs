using System.Globalization;
using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Client.Tests.EndToEnd;

public sealed class ClientConnectTests
{
    [Fact]
    public async Task Connect_fails_clearly_when_no_seed_answers()
    {
        var seed = "127.0.0.1:" + FreePort.Next().ToString(CultureInfo.InvariantCulture);

        var error = await Assert.ThrowsAsync<CacheException>(() =>
            CacheClient.ConnectAsync([seed], new CacheClientOptions { TopologyQueryTimeout = TimeSpan.FromMilliseconds(300) }));

        Assert.Equal($"No seed node answered within 0.3 s: akka.tcp://node@{seed}", error.Message);
    }

    [Fact]
    public async Task Connect_needs_a_seed() =>
        await Assert.ThrowsAsync<ArgumentException>(() => CacheClient.ConnectAsync([]));
}
