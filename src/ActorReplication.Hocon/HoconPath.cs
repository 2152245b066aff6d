using System.Text;

namespace ActorReplication.Hocon;

/// <summary>
/// Parses and renders dotted paths such as <c>a.b."c.d"</c>; a quoted segment may contain dots.
/// Used for getter arguments and the inside of <c>${...}</c>.
/// </summary>
internal static class HoconPath
{
    public static string[] Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return TryParse(path, out var segments, out var error)
            ? segments
            : throw new ArgumentException($"Invalid configuration path '{path}': {error}", nameof(path));
    }

    public static bool TryParse(string path, out string[] segments, out string error)
    {
        var result = new List<string>();
        var current = new StringBuilder();
        var segmentStarted = false; // a quoted "" counts as content, so an empty key stays addressable
        segments = [];
        error = "";
        var i = 0;
        while (i < path.Length)
        {
            var c = path[i];
            if (c == '.')
            {
                if (!segmentStarted)
                {
                    error = "empty path segment";
                    return false;
                }

                result.Add(current.ToString());
                current.Clear();
                segmentStarted = false;
                i++;
            }
            else if (c == '"')
            {
                if (!TryReadQuoted(path, ref i, current, out error))
                {
                    return false;
                }

                segmentStarted = true;
            }
            else
            {
                current.Append(c);
                segmentStarted = true;
                i++;
            }
        }

        if (!segmentStarted)
        {
            error = path.Length == 0 ? "path is empty" : "empty path segment";
            return false;
        }

        result.Add(current.ToString());
        segments = [.. result];
        return true;
    }

    /// <summary>Renders segments back to path syntax, quoting those that would not read back as one segment.</summary>
    public static string Render(IEnumerable<string> segments) => string.Join('.', segments.Select(RenderSegment));

    private static string RenderSegment(string segment) =>
        segment.Length > 0 && segment.All(c => char.IsLetterOrDigit(c) || c is '-' or '_')
            ? segment
            : "\"" + segment.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static bool TryReadQuoted(string path, ref int index, StringBuilder output, out string error)
    {
        error = "";
        var i = index + 1;
        while (i < path.Length)
        {
            var c = path[i];
            if (c == '"')
            {
                index = i + 1;
                return true;
            }

            if (c == '\\')
            {
                var consumed = JsonEscapes.TryDecode(path, i, output);
                if (consumed == 0)
                {
                    error = "invalid escape sequence";
                    return false;
                }

                i += consumed;
            }
            else
            {
                output.Append(c);
                i++;
            }
        }

        error = "unterminated quoted segment";
        return false;
    }
}
