using System.Text;

namespace ActorReplication.Configuration;

/// <summary>
/// Runs over HOCON text before Akka's parser sees it, for what that parser does not do (it accepts unbalanced braces,
/// unterminated strings and <c>include required(...)</c> silently, and has no <c>${?NAME}</c>): reports those as errors
/// at <c>source:line:column</c>, and replaces each <c>${?NAME}</c> by the environment variable's value as a quoted
/// string; when it is not set, a <c>key = ${?NAME}</c> line is left out (an earlier value of the key holds), and any
/// other use becomes <see cref="Unset"/>, whose key the loader drops so that lower layers apply.
/// It tracks only strings, comments, brackets and substitutions; keys and values are Akka's to parse.
/// </summary>
internal static class HoconText
{
    /// <summary>Stands for an unset <c>${?NAME}</c> until the loader removes the key that holds it.</summary>
    public const string Unset = "\u0001unset\u0001";

    public static string Prepare(string text, string source)
    {
        var output = new StringBuilder(text.Length);
        var open = new Stack<(char Bracket, int Line, int Column)>();
        var line = 1;
        var lineStart = 0;
        var i = 0;
        CheckInclude(text, 0, source, line);
        while (i < text.Length)
        {
            var c = text[i];
            var column = i - lineStart + 1;
            if (c == '\n')
            {
                output.Append(c);
                i++;
                line++;
                lineStart = i;
                CheckInclude(text, i, source, line);
            }
            else if (c == '#' || (c == '/' && At(text, i, "//")))
            {
                var end = text.IndexOf('\n', i);
                end = end < 0 ? text.Length : end;
                output.Append(text, i, end - i);
                i = end;
            }
            else if (At(text, i, "\"\"\""))
            {
                var end = text.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal);
                if (end < 0) throw Error(source, line, column, "unterminated triple-quoted string");
                while (end + 3 < text.Length && text[end + 3] == '"') end++;
                var raw = text.AsSpan(i, end + 3 - i);
                output.Append(raw);
                line += raw.Count('\n');
                lineStart = raw.Contains('\n') ? i + raw.LastIndexOf('\n') + 1 : lineStart;
                i = end + 3;
            }
            else if (c == '"')
            {
                var end = i + 1;
                while (end < text.Length && text[end] != '"' && text[end] != '\n') end += text[end] == '\\' ? 2 : 1;
                if (end >= text.Length || text[end] != '"') throw Error(source, line, column, "unterminated string (a quoted string ends on its line)");
                output.Append(text, i, end + 1 - i);
                i = end + 1;
            }
            else if (c == '$' && At(text, i, "${"))
            {
                var end = text.IndexOf('}', i);
                var newline = text.IndexOf('\n', i);
                if (end < 0 || (newline >= 0 && newline < end)) throw Error(source, line, column, "unterminated substitution '${'");
                var inner = text[(i + 2)..end];
                if (!inner.StartsWith('?'))
                {
                    output.Append(text, i, end + 1 - i);
                }
                else if (EnvironmentValue(inner[1..].Trim(), source, line, column) is { } value)
                {
                    output.Append(Quote(value));
                }
                else if (!TryDropField(output, text, end + 1))
                {
                    output.Append(Quote(Unset));
                }

                i = end + 1;
            }
            else
            {
                if (c is '=' or ':') CheckValueFollows(text, i + 1, source, line, lineStart);
                if (c is '{' or '[') open.Push((c, line, column));
                if (c is '}' or ']')
                {
                    if (open.Count == 0) throw Error(source, line, column, $"unexpected '{c}'");
                    var (bracket, openLine, openColumn) = open.Pop();
                    if (c != (bracket == '{' ? '}' : ']'))
                        throw Error(source, line, column, $"'{c}' closes the '{bracket}' opened at {openLine}:{openColumn}");
                }

                output.Append(c);
                i++;
            }
        }

        if (open.TryPeek(out var unclosed))
            throw Error(source, unclosed.Line, unclosed.Column, $"'{unclosed.Bracket}' is never closed");
        return output.ToString();
    }

    // Akka's parser takes "key = }" as a key without value and goes on; a value may still start on the next line.
    private static void CheckValueFollows(string text, int index, string source, int line, int lineStart)
    {
        while (index < text.Length && text[index] is ' ' or '\t') index++;
        if (index >= text.Length || text[index] is '}' or ']' or ',' or '#')
            throw Error(source, line, index - lineStart + 1, "expected a value after the key's '=' or ':'");
    }

    // Akka's parser ignores include required(...), file(...), classpath(...) and url(...) without a word.
    private static void CheckInclude(string text, int index, string source, int line)
    {
        var start = index;
        while (index < text.Length && text[index] is ' ' or '\t') index++;
        if (!At(text, index, "include") || index + 7 >= text.Length || text[index + 7] is not (' ' or '\t')) return;
        var next = index + 7;
        while (next < text.Length && text[next] is ' ' or '\t') next++;
        if (next < text.Length && text[next] != '"')
            throw Error(source, line, next - start + 1, "only include \"file\" is supported (not required(), file(), classpath() or url())");
    }

    private static string? EnvironmentValue(string name, string source, int line, int column) =>
        name.Length == 0
            ? throw Error(source, line, column, "'${?}' names no environment variable")
            : Environment.GetEnvironmentVariable(name);

    // "key = ${?NAME}" alone on its line with NAME unset: the field is left out, so an earlier assignment of the key
    // (port = 6379 on the line before) still holds, as HOCON specifies.
    private static bool TryDropField(StringBuilder output, string text, int afterSubstitution)
    {
        var rest = text.IndexOf('\n', afterSubstitution);
        var tail = text.AsSpan(afterSubstitution, (rest < 0 ? text.Length : rest) - afterSubstitution).Trim();
        if (!(tail.IsEmpty || tail[0] == '#' || tail.StartsWith("//"))) return false;
        var lineStart = output.ToString().LastIndexOf('\n') + 1;
        var field = output.ToString(lineStart, output.Length - lineStart).TrimEnd();
        if (field.Length < 2 || field[^1] is not ('=' or ':') || field[..^1].Trim().Length == 0 || field[..^1].IndexOfAny(['{', '}', '[', ']', ',', '"']) >= 0)
            return false;
        output.Length = lineStart;
        return true;
    }

    public static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    private static bool At(string text, int index, string token) =>
        string.CompareOrdinal(text, index, token, 0, token.Length) == 0;

    private static ConfigException Error(string source, int line, int column, string reason) =>
        new($"{source}:{line}:{column}: {reason}");
}
