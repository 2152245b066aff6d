using System.Globalization;

namespace ActorReplication.Node.Hosting;

/// <summary>One save point: snapshot when at least <paramref name="Changes"/> writes happened and more than <paramref name="Seconds"/> passed since the last save.</summary>
public sealed record SaveRule(long Seconds, long Changes);

/// <summary>
/// The <c>save</c> setting as Redis 7.0 reads it: <c>"&lt;seconds&gt; &lt;changes&gt; ..."</c> pairs separated by single
/// spaces, seconds at least 1 and changes at least 0; <c>""</c> means none.
/// </summary>
public static class SaveRules
{
    /// <summary>What CONFIG SET answers to anything else.</summary>
    public const string InvalidError = "Invalid save parameters";

    /// <summary>redis-server's rules when it runs without a configuration file.</summary>
    public const string RedisDefaults = "3600 1 300 100 60 10000";

    public static bool TryParse(string text, out SaveRule[] rules)
    {
        rules = [];
        if (text.Length == 0) return true;
        var parts = text.Split(' ');
        if (parts.Length % 2 != 0) return false;
        var parsed = new SaveRule[parts.Length / 2];
        for (var i = 0; i < parsed.Length; i++)
        {
            if (!TryNumber(parts[2 * i], out var seconds) || seconds < 1) return false;
            if (!TryNumber(parts[(2 * i) + 1], out var changes) || changes < 0) return false;
            parsed[i] = new SaveRule(seconds, changes);
        }
        rules = parsed;
        return true;
    }

    public static string Format(IReadOnlyList<SaveRule> rules) =>
        string.Join(' ', rules.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Seconds} {r.Changes}")));

    /// <summary>The first rule that fires, or null.</summary>
    public static SaveRule? Due(IReadOnlyList<SaveRule> rules, long changes, long secondsSinceLastSave)
    {
        foreach (var rule in rules)
            if (changes >= rule.Changes && secondsSinceLastSave > rule.Seconds) return rule;
        return null;
    }

    // As strtoll with nothing left over: an optional sign, digits (a negative one fails the range checks).
    private static bool TryNumber(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
