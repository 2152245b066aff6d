using ActorReplication.Node.Hosting;

namespace ActorReplication.Node.Tests.Hosting;

/// <summary>The save points' parsing (Redis 7.0's accepted forms; the differential script compares the errors) and when a rule fires.</summary>
public sealed class SaveRulesTests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("3600 1 300 100 60 10000", "3600 1 300 100 60 10000")]
    [InlineData("01 0", "1 0")]
    [InlineData("+1 +0", "1 0")]
    [InlineData("9999999999999 1", "9999999999999 1")]
    public void Valid_lines_parse_and_format_as_Redis_shows_them(string line, string formatted)
    {
        Assert.True(SaveRules.TryParse(line, out var rules));
        Assert.Equal(formatted, SaveRules.Format(rules));
    }

    [Theory]
    [InlineData("0 1")]
    [InlineData("1 -1")]
    [InlineData("1.5 1")]
    [InlineData("1  2")]
    [InlineData("1 2 ")]
    [InlineData(" ")]
    [InlineData("60")]
    [InlineData("x 1")]
    [InlineData(" 1 1")]
    public void Other_lines_are_invalid(string line) => Assert.False(SaveRules.TryParse(line, out _));

    [Theory]
    [InlineData(1, 61, 60L)]      // 60 1: one change, more than 60 s
    [InlineData(1, 60, null)]     // exactly 60 s is not more
    [InlineData(99, 301, 60L)]    // 300 100 not reached, 60 1 is
    [InlineData(100, 301, 300L)]
    [InlineData(0, 10_000, null)] // no change: no rule with changes > 0 fires
    public void A_rule_fires_with_enough_changes_after_more_than_its_seconds(long changes, long seconds, long? firing)
    {
        SaveRules.TryParse("300 100 60 1", out var rules);
        Assert.Equal(firing, SaveRules.Due(rules, changes, seconds)?.Seconds);
    }
}
