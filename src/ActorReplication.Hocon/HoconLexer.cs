using System.Text;

namespace ActorReplication.Hocon;

/// <summary>
/// Splits HOCON text into tokens with 1-based line and column positions. Comments are dropped; newlines are
/// tokens because they separate fields. The lexer is context-free: whether <c>:</c> separates a key from its value
/// or is part of a value such as <c>127.0.0.1:6379</c> is decided by the parser.
/// </summary>
internal sealed class HoconLexer
{
    private const string Punctuation = "{}[],:=\"#";

    // Indentation is almost always a few spaces; sharing those strings keeps lexing nearly allocation-free.
    private static readonly string[] Spaces = Enumerable.Range(0, 17).Select(n => new string(' ', n)).ToArray();

    private readonly string _text;
    private readonly string _source;
    private int _position;
    private int _line = 1;
    private int _column = 1;

    private HoconLexer(string text, string source)
    {
        _text = text;
        _source = source;
    }

    public static List<HoconToken> Tokenize(string text, string source) => new HoconLexer(text, source).ReadAll();

    private List<HoconToken> ReadAll()
    {
        var tokens = new List<HoconToken>();
        while (true)
        {
            var whitespace = SkipWhitespaceAndComments();
            if (_position >= _text.Length)
            {
                tokens.Add(new HoconToken(HoconTokenKind.EndOfInput, "", _line, _column, whitespace));
                return tokens;
            }

            tokens.Add(ReadToken(whitespace));
        }
    }

    private HoconToken ReadToken(string whitespace)
    {
        var c = _text[_position];
        return c switch
        {
            '\n' => ReadPunctuation(HoconTokenKind.Newline, "\n", whitespace),
            ',' => ReadPunctuation(HoconTokenKind.Comma, ",", whitespace),
            ':' => ReadPunctuation(HoconTokenKind.Colon, ":", whitespace),
            '=' => ReadPunctuation(HoconTokenKind.Equals, "=", whitespace),
            '{' => ReadPunctuation(HoconTokenKind.OpenBrace, "{", whitespace),
            '}' => ReadPunctuation(HoconTokenKind.CloseBrace, "}", whitespace),
            '[' => ReadPunctuation(HoconTokenKind.OpenBracket, "[", whitespace),
            ']' => ReadPunctuation(HoconTokenKind.CloseBracket, "]", whitespace),
            '+' when Peek(1) == '=' => ReadPunctuation(HoconTokenKind.PlusEquals, "+=", whitespace),
            '$' when Peek(1) == '{' => ReadSubstitution(whitespace),
            '"' when Peek(1) == '"' && Peek(2) == '"' => ReadTripleQuoted(whitespace),
            '"' => ReadQuoted(whitespace),
            _ => ReadUnquoted(whitespace),
        };
    }

    private string SkipWhitespaceAndComments()
    {
        var start = _position;
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (c == '\n')
            {
                break;
            }

            if (c == '#' || (c == '/' && Peek(1) == '/'))
            {
                // The newline that ends the comment is left in place: it still separates fields.
                while (_position < _text.Length && _text[_position] != '\n')
                {
                    Advance();
                }

                break;
            }

            if (!char.IsWhiteSpace(c) && c != '\uFEFF')
            {
                break;
            }

            Advance();
        }

        var length = _position - start;
        return length < Spaces.Length && _text.AsSpan(start, length).IndexOfAnyExcept(' ') < 0
            ? Spaces[length]
            : _text.Substring(start, length);
    }

    private HoconToken ReadPunctuation(HoconTokenKind kind, string text, string whitespace)
    {
        var token = new HoconToken(kind, text, _line, _column, whitespace);
        for (var i = 0; i < text.Length; i++)
        {
            Advance();
        }

        return token;
    }

    private HoconToken ReadUnquoted(string whitespace)
    {
        var (line, column, start) = (_line, _column, _position);
        while (_position < _text.Length)
        {
            var c = _text[_position];
            if (char.IsWhiteSpace(c) || Punctuation.Contains(c)
                || (c == '/' && Peek(1) == '/')
                || (c == '$' && Peek(1) == '{')
                || (c == '+' && Peek(1) == '='))
            {
                break;
            }

            Advance();
        }

        return new HoconToken(HoconTokenKind.Unquoted, _text[start.._position], line, column, whitespace);
    }

    private HoconToken ReadQuoted(string whitespace)
    {
        var (line, column) = (_line, _column);
        var content = new StringBuilder();
        Advance();
        while (true)
        {
            if (_position >= _text.Length || _text[_position] == '\n')
            {
                throw Error(line, column, "unterminated quoted string");
            }

            var c = _text[_position];
            if (c == '"')
            {
                Advance();
                return new HoconToken(HoconTokenKind.QuotedString, content.ToString(), line, column, whitespace);
            }

            if (c == '\\')
            {
                var consumed = JsonEscapes.TryDecode(_text, _position, content);
                if (consumed == 0)
                {
                    var escape = _position + 1 < _text.Length ? _text[_position + 1].ToString() : "";
                    throw Error(_line, _column, $"invalid escape sequence '\\{escape}' in quoted string");
                }

                for (var i = 0; i < consumed; i++)
                {
                    Advance();
                }
            }
            else
            {
                content.Append(c);
                Advance();
            }
        }
    }

    private HoconToken ReadTripleQuoted(string whitespace)
    {
        var (line, column) = (_line, _column);
        var contentStart = _position + 3;
        var end = _text.IndexOf("\"\"\"", contentStart, StringComparison.Ordinal);
        if (end < 0)
        {
            throw Error(line, column, "unterminated triple-quoted string");
        }

        // As in HOCON, quotes right before the closing """ belong to the content: """a""""" is a"".
        while (end + 3 < _text.Length && _text[end + 3] == '"')
        {
            end++;
        }

        var content = _text[contentStart..end];
        while (_position < end + 3)
        {
            Advance();
        }

        return new HoconToken(HoconTokenKind.QuotedString, content, line, column, whitespace);
    }

    private HoconToken ReadSubstitution(string whitespace)
    {
        var (line, column) = (_line, _column);
        Advance();
        Advance();
        var isOptional = Peek(0) == '?';
        if (isOptional)
        {
            Advance();
        }

        var contentStart = _position;
        var inQuotes = false;
        while (_position < _text.Length && _text[_position] != '\n' && (inQuotes || _text[_position] != '}'))
        {
            if (_text[_position] == '"')
            {
                inQuotes = !inQuotes;
            }
            else if (inQuotes && _text[_position] == '\\')
            {
                Advance(); // skip the escaped character so an escaped quote does not end the quoted segment
            }

            if (_position < _text.Length)
            {
                Advance();
            }
        }

        if (_position >= _text.Length || _text[_position] != '}')
        {
            throw Error(line, column, "unterminated substitution: expected '}'");
        }

        var path = _text[contentStart.._position].Trim();
        Advance();
        if (!HoconPath.TryParse(path, out _, out var pathError))
        {
            throw Error(line, column, $"invalid substitution path '{path}': {pathError}");
        }

        return new HoconToken(HoconTokenKind.Substitution, path, line, column, whitespace, isOptional);
    }

    private char Peek(int offset) =>
        _position + offset < _text.Length ? _text[_position + offset] : '\0';

    private void Advance()
    {
        if (_text[_position] == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }

        _position++;
    }

    private HoconParseException Error(int line, int column, string reason) => new(_source, line, column, reason);
}
