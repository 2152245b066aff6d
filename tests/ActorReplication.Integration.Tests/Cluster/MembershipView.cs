using ActorReplication.Integration.Tests.Infrastructure;

namespace ActorReplication.Integration.Tests.Cluster;

/// <summary>One member line of INFO membership: <c>memberK:address=...,uid=...,status=...,roles=...,reachable=...,resp=...</c>.</summary>
public sealed record MemberLine(string Address, long Uid, string Status, string Roles, bool Reachable, string Resp);

/// <summary>INFO membership of one node, as redis-cli prints it.</summary>
public sealed record MembershipView(string Self, string State, string Leader, int Count, IReadOnlyList<MemberLine> Members, string Raw)
{
    public MemberLine? Member(string address) => Members.FirstOrDefault(m => m.Address == address);

    public static MembershipView Parse(string text)
    {
        var fields = new Dictionary<string, string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var colon = line.IndexOf(':');
            if (line.StartsWith('#') || colon < 0) continue;
            fields[line[..colon]] = line[(colon + 1)..];
        }
        var members = new List<MemberLine>();
        for (var i = 0; fields.TryGetValue("member" + i, out var value); i++)
        {
            var kv = value.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
            members.Add(new MemberLine(kv["address"], long.Parse(kv["uid"], System.Globalization.CultureInfo.InvariantCulture),
                kv["status"], kv["roles"], kv["reachable"] == "1", kv["resp"]));
        }
        return new MembershipView(fields.GetValueOrDefault("self", ""), fields.GetValueOrDefault("state", ""), fields.GetValueOrDefault("leader", ""),
            int.Parse(fields.GetValueOrDefault("members", "-1"), System.Globalization.CultureInfo.InvariantCulture), members, text);
    }

    /// <summary><c>redis-cli -p port info membership</c>, parsed.</summary>
    public static async Task<MembershipView> ReadAsync(int port)
    {
        var result = await RedisCli.RunAsync(port, "info", "membership");
        Assert.True(result.ExitCode == 0, $"redis-cli info membership on {port}: {result}");
        return Parse(result.Output);
    }

    /// <summary>Reads INFO membership of <paramref name="port"/> until <paramref name="condition"/> holds; fails with the last view at the deadline.</summary>
    public static async Task<MembershipView> AwaitAsync(int port, Func<MembershipView, bool> condition, string what, TimeSpan timeout)
    {
        var deadline = new Deadline(timeout);
        MembershipView? last = null;
        while (true)
        {
            last = await ReadAsync(port);
            if (condition(last)) return last;
            if (deadline.Passed) Assert.Fail($"Not true on port {port} within {timeout}: {what}\n{last.Raw}");
            await Task.Delay(TimeSpan.FromMilliseconds(100)); // poll interval, bounded by the deadline
        }
    }
}
