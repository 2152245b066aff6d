using System.Globalization;

namespace ActorReplication.Configuration;

/// <summary>
/// Byte sizes with Redis's units (docs/decisions/0005): a bare letter is a power of 1000, a <c>b</c> after it a power
/// of 1024 (<c>1k</c> = 1000, <c>1kb</c> = 1024; likewise m, g, t); <c>kib</c>/<c>mib</c>/<c>gib</c>/<c>tib</c> are
/// 1024-based; no unit or <c>b</c> is bytes. Case-insensitive; a fraction is allowed when the result is whole bytes.
/// </summary>
public static class ByteSize
{
    public const string Expected = "a byte size (e.g. 64b, 1k, 64kb, 1mb, 1gb)";

    private static readonly Dictionary<string, decimal> BytesPerUnit = new(StringComparer.OrdinalIgnoreCase)
    {
        [""] = 1m, ["b"] = 1m, ["byte"] = 1m, ["bytes"] = 1m,
        ["k"] = 1_000m, ["kb"] = 1024m, ["kib"] = 1024m,
        ["m"] = 1_000_000m, ["mb"] = 1024m * 1024, ["mib"] = 1024m * 1024,
        ["g"] = 1_000_000_000m, ["gb"] = 1024m * 1024 * 1024, ["gib"] = 1024m * 1024 * 1024,
        ["t"] = 1_000_000_000_000m, ["tb"] = 1024m * 1024 * 1024 * 1024, ["tib"] = 1024m * 1024 * 1024 * 1024,
    };

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var trimmed = text.Trim();
        var end = 0;
        while (end < trimmed.Length && (char.IsAsciiDigit(trimmed[end]) || trimmed[end] == '.')) end++;
        var number = trimmed[..end];
        if (!number.Any(char.IsAsciiDigit)
            || !decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            || !BytesPerUnit.TryGetValue(trimmed[end..].TrimStart(), out var factor))
        {
            return false;
        }

        try
        {
            var product = value * factor;
            if (product > long.MaxValue || product != decimal.Truncate(product)) return false;
            bytes = (long)product;
            return true;
        }
        catch (OverflowException)
        {
            return false;
        }
    }
}
