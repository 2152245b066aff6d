using System.Globalization;
using System.Text;

namespace ActorReplication.Hocon;

/// <summary>Decodes the JSON escape sequences allowed in HOCON quoted strings.</summary>
internal static class JsonEscapes
{
    /// <summary>
    /// Decodes the escape whose backslash is at <paramref name="backslashIndex"/>.
    /// Returns the number of characters consumed, or 0 when the escape is invalid.
    /// </summary>
    public static int TryDecode(string text, int backslashIndex, StringBuilder output)
    {
        if (backslashIndex + 1 >= text.Length)
        {
            return 0;
        }

        switch (text[backslashIndex + 1])
        {
            case '"': output.Append('"'); return 2;
            case '\\': output.Append('\\'); return 2;
            case '/': output.Append('/'); return 2;
            case 'b': output.Append('\b'); return 2;
            case 'f': output.Append('\f'); return 2;
            case 'n': output.Append('\n'); return 2;
            case 'r': output.Append('\r'); return 2;
            case 't': output.Append('\t'); return 2;
            case 'u' when backslashIndex + 6 <= text.Length
                && ushort.TryParse(text.AsSpan(backslashIndex + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code):
                output.Append((char)code);
                return 6;
            default:
                return 0;
        }
    }
}
