using System.Net.Sockets;
using System.Text;
using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Protocol;

/// <summary>
/// Malformed and hostile input against one node: Redis's protocol error, that connection closed, every other client
/// unaffected, the node never down. Expected bytes are redis-server 7.0's (checked side by side when written).
/// </summary>
public sealed class ProtocolRobustnessTests(NodeFixture fixture) : IClassFixture<NodeFixture>
{
    public static TheoryData<string, string, string> MalformedRequests => new()
    {
        { "multibulk count not a number", "*abc\r\n", "invalid multibulk length" },
        { "negative bulk length", "*1\r\n$-5\r\n", "invalid bulk length" },
        { "bulk length over proto-max-bulk-len (512mb)", "*1\r\n$536870913\r\n", "invalid bulk length" },
        { "bulk header not a number", "*1\r\n$x\r\n", "invalid bulk length" },
        { "argument without $", "*1\r\nfoo\r\n", "expected '$', got 'f'" },
        { "inline line over 64 KiB without a newline", new string('x', 70_000), "too big inline request" },
        { "multibulk count line over 64 KiB", "*" + new string('1', 70_000), "too big mbulk count string" },
        { "bulk length line over 64 KiB", "*1\r\n$" + new string('1', 70_000), "too big bulk count string" },
        { "unbalanced double quote", "SET \"a b\r\n", "unbalanced quotes in request" },
        { "unbalanced single quote", "SET 'a\r\n", "unbalanced quotes in request" },
        { "closing quote followed by a character", "SET \"a\"b c\r\n", "unbalanced quotes in request" },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public async Task Malformed_request_gets_a_protocol_error_and_only_that_connection_closes(string description, string request, string error)
    {
        using var bystander = await fixture.Node.ConnectAsync();
        Assert.Equal("+OK\r\n", Wire(await bystander.CommandAsync("SET", "bystander", description)));

        using var offender = await fixture.Node.ConnectAsync();
        await offender.SendAsync(Encoding.ASCII.GetBytes(request));
        var received = await offender.ReadToEndAsync();

        Assert.Equal($"-ERR Protocol error: {error}\r\n", Encoding.ASCII.GetString(received));
        Assert.Equal("+PONG\r\n", Wire(await bystander.CommandAsync("PING")));
        Assert.Equal(Wire(Reply.Bulk(description)), Wire(await bystander.CommandAsync("GET", "bystander")));
    }

    [Fact]
    public async Task Requests_before_a_protocol_error_in_the_same_write_are_answered_first()
    {
        using var client = await fixture.Node.ConnectAsync();
        await client.SendAsync("*1\r\n$4\r\nPING\r\nECHO inline\r\n*x\r\n*1\r\n$4\r\nPING\r\n"u8.ToArray());
        var received = Encoding.ASCII.GetString(await client.ReadToEndAsync());
        Assert.Equal("+PONG\r\n$6\r\ninline\r\n-ERR Protocol error: invalid multibulk length\r\n", received);
    }

    [Fact]
    public async Task Random_garbage_never_takes_the_node_down()
    {
        // Fragments that make garbage look almost like RESP; no command in them can stop, stall or flush the node.
        string[] fragments = ["*", "$", "\r\n", "\n", "\r", "1", "2", "-1", "0", "99999999999", "3", " ", "\"", "'", "\\x",
            "PING", "GET", "SET", "ECHO", "k", "v", "*2\r\n", "$3\r\n", "$-1\r\n", "\0", "+OK", ":1", "HELLO", "3", "ÿ"];
        var random = new Random(20251121);
        const int Connections = 200;
        for (var i = 0; i < Connections; i++)
        {
            var garbage = new List<byte>();
            var parts = random.Next(1, 40);
            for (var p = 0; p < parts; p++)
            {
                if (random.Next(4) == 0)
                {
                    var bytes = new byte[random.Next(1, 32)];
                    random.NextBytes(bytes);
                    garbage.AddRange(bytes);
                }
                else
                {
                    garbage.AddRange(Encoding.UTF8.GetBytes(fragments[random.Next(fragments.Length)]));
                }
            }
            using var client = await fixture.Node.ConnectAsync();
            try
            {
                await client.SendAsync(garbage.ToArray());
                client.ShutdownSend();
                // The node answers what it can and closes once it has seen the end of input.
                await client.ReadToEndAsync();
            }
            catch (SocketException)
            {
                // Closed by the node mid-send (protocol error): fine.
            }
        }

        Assert.False(fixture.Node.Process.HasExited, fixture.Node.Process.AllOutput);
        using var after = await fixture.Node.ConnectAsync();
        Assert.Equal("+PONG\r\n", Wire(await after.CommandAsync("PING")));
        // No connection ended in an unhandled exception.
        Assert.DoesNotContain(" fail: ", fixture.Node.Process.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(" crit: ", fixture.Node.Process.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ten_thousand_pipelined_commands_in_one_write_get_ten_thousand_replies_in_order()
    {
        const int Count = 10_000;
        using var client = await fixture.Node.ConnectAsync();
        Assert.Equal(':', (await client.CommandAsync("DEL", "pipelined")).Type);
        var batch = new MemoryStream();
        for (var i = 0; i < Count; i++) batch.Write(RespClient.Encode("RPUSH", "pipelined", $"item-{i}"));

        await client.SendAsync(batch.ToArray());
        var replies = await client.ReadRepliesAsync(Count, TimeSpan.FromSeconds(60));

        for (var i = 0; i < Count; i++) Assert.Equal($":{i + 1}\r\n", Wire(replies[i]));
        Assert.Equal(Wire(Reply.Bulk("item-0")), Wire(await client.CommandAsync("LINDEX", "pipelined", "0")));
        Assert.Equal(Wire(Reply.Bulk($"item-{Count - 1}")), Wire(await client.CommandAsync("LINDEX", "pipelined", "-1")));
    }

    [Fact]
    public async Task Multibulk_count_over_a_million_is_accepted_like_redis()
    {
        using var client = await fixture.Node.ConnectAsync();
        await client.SendAsync("*1048577\r\n"u8.ToArray());
        client.ShutdownSend();
        // redis-server waits for the arguments, sees the end of input and closes without a reply.
        Assert.Equal("", Encoding.ASCII.GetString(await client.ReadToEndAsync()));
    }

    private static string Wire(Reply reply) => Encoding.UTF8.GetString(reply.ToBytes());
}
