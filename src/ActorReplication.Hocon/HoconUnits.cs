using System.Globalization;

namespace ActorReplication.Hocon;

/// <summary>Interprets scalar text as booleans, numbers, durations and byte sizes.</summary>
internal static class HoconUnits
{
    private const decimal TicksPerMillisecond = TimeSpan.TicksPerMillisecond;

    // Ticks are 100ns, so sub-tick durations (1ns) round to zero.
    private static readonly Dictionary<string, decimal> TicksPerDurationUnit = BuildUnits(
        (0.01m, ["ns", "nano", "nanos", "nanosecond", "nanoseconds"]),
        (10m, ["us", "µs", "micro", "micros", "microsecond", "microseconds"]),
        (TicksPerMillisecond, ["", "ms", "milli", "millis", "millisecond", "milliseconds"]), // bare number = ms, as in Akka
        (TimeSpan.TicksPerSecond, ["s", "second", "seconds"]),
        (TimeSpan.TicksPerMinute, ["m", "minute", "minutes"]),
        (TimeSpan.TicksPerHour, ["h", "hour", "hours"]),
        (TimeSpan.TicksPerDay, ["d", "day", "days"]));

    // Redis's convention: a bare letter is a power of 1000, a "b" suffix makes it a power of 1024.
    private static readonly Dictionary<string, decimal> BytesPerSizeUnit = BuildUnits(
        (1m, ["", "b", "byte", "bytes"]),
        (1_000m, ["k"]),
        (1024m, ["kb", "kib"]),
        (1_000_000m, ["m"]),
        (1024m * 1024, ["mb", "mib"]),
        (1_000_000_000m, ["g"]),
        (1024m * 1024 * 1024, ["gb", "gib"]),
        (1_000_000_000_000m, ["t"]),
        (1024m * 1024 * 1024 * 1024, ["tb", "tib"]));

    public static bool TryParseBoolean(string text, out bool value)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "true" or "on" or "yes":
                value = true;
                return true;
            case "false" or "off" or "no":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    public static bool TryParseInt(string text, out int value) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool TryParseLong(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    public static bool TryParseDouble(string text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    /// <summary><c>500ms</c>, <c>5 seconds</c>, <c>1.5h</c>, a bare number of milliseconds, or <c>infinite</c>.</summary>
    public static bool TryParseDuration(string text, out TimeSpan value)
    {
        value = default;
        if (text.Trim() is "infinite" or "inf")
        {
            value = Timeout.InfiniteTimeSpan;
            return true;
        }

        if (!TrySplit(text, out var number, out var unit) || !TicksPerDurationUnit.TryGetValue(unit, out var ticksPerUnit))
        {
            return false;
        }

        if (!TryMultiply(number, ticksPerUnit, out var ticks))
        {
            return false;
        }

        ticks = decimal.Round(ticks, MidpointRounding.AwayFromZero);
        if (ticks is > long.MaxValue or < long.MinValue)
        {
            return false;
        }

        value = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    /// <summary><c>64b</c>, <c>1k</c> (1000), <c>1kb</c>/<c>1kib</c> (1024), likewise m, g and t; case-insensitive.</summary>
    public static bool TryParseByteSize(string text, out long value)
    {
        value = 0;
        if (!TrySplit(text, out var number, out var unit) || !BytesPerSizeUnit.TryGetValue(unit, out var bytesPerUnit))
        {
            return false;
        }

        if (!TryMultiply(number, bytesPerUnit, out var bytes) || bytes < 0 || bytes > long.MaxValue || bytes != decimal.Truncate(bytes))
        {
            return false;
        }

        value = (long)bytes;
        return true;
    }

    /// <summary>Splits <c>"1.5 kb"</c> into 1.5 and <c>"kb"</c>; the unit may be empty.</summary>
    private static bool TrySplit(string text, out decimal number, out string unit)
    {
        var trimmed = text.Trim();
        var end = 0;
        if (end < trimmed.Length && trimmed[end] is '-' or '+')
        {
            end++;
        }

        while (end < trimmed.Length && (char.IsAsciiDigit(trimmed[end]) || trimmed[end] == '.'))
        {
            end++;
        }

        unit = trimmed[end..].TrimStart();
        var numberText = trimmed[..end];
        return decimal.TryParse(numberText, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out number)
               && numberText.Any(char.IsAsciiDigit);
    }

    private static bool TryMultiply(decimal number, decimal factor, out decimal product)
    {
        try
        {
            product = number * factor;
            return true;
        }
        catch (OverflowException)
        {
            product = 0;
            return false;
        }
    }

    private static Dictionary<string, decimal> BuildUnits(params (decimal Factor, string[] Names)[] units)
    {
        var result = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        foreach (var (factor, names) in units)
        {
            foreach (var name in names)
            {
                result.Add(name, factor);
            }
        }

        return result;
    }
}
