using System.Text;

namespace ActorReplication.Hocon;

/// <summary>
/// Builds the unresolved value tree of one source from its tokens, following includes as it meets them.
/// Duplicate keys are merged here, so the tree has at most one value per key.
/// </summary>
internal sealed class HoconParser
{
    private const int MaxIncludeDepth = 32;

    private readonly HoconSource _source;
    private readonly IReadOnlyList<string> _includeChain; // identities of the sources that included this one
    private readonly List<HoconToken> _tokens;
    private int _index;

    private HoconParser(HoconSource source, IReadOnlyList<string> includeChain)
    {
        _source = source;
        _includeChain = includeChain;
        _tokens = HoconLexer.Tokenize(source.Text, source.Name);
    }

    private HoconToken Current => _tokens[_index];

    public static HoconObject Parse(HoconSource source) => new HoconParser(source, []).ParseDocument();

    private HoconObject ParseDocument()
    {
        SkipNewlines();
        if (Current.Kind != HoconTokenKind.OpenBrace)
        {
            return ParseObjectBody([], open: null);
        }

        var root = ParseObjectBody([], Next());
        SkipNewlines();
        if (Current.Kind != HoconTokenKind.EndOfInput)
        {
            throw Error(Current, $"expected end of input but found {Current.Describe()}");
        }

        return root;
    }

    /// <param name="path">Where this object sits in the document; files included here have their substitutions moved under it.</param>
    /// <param name="open">The consumed '{', or null for a document without braces around it.</param>
    private HoconObject ParseObjectBody(IReadOnlyList<string> path, HoconToken? open)
    {
        var braced = open is not null;
        var builder = new HoconObjectBuilder();
        while (true)
        {
            SkipNewlines();
            var token = Current;
            if (token.Kind == HoconTokenKind.CloseBrace && braced)
            {
                Next();
                break;
            }

            if (token.Kind == HoconTokenKind.EndOfInput)
            {
                if (braced)
                {
                    throw Error(token, "expected '}' but found end of input");
                }

                break;
            }

            if (IsIncludeDirective())
            {
                ParseInclude(builder, path);
            }
            else
            {
                ParseField(builder, path);
            }

            token = Current;
            if (token.Kind is HoconTokenKind.Newline or HoconTokenKind.Comma)
            {
                Next();
            }
            else if (!(token.Kind == HoconTokenKind.EndOfInput || (braced && token.Kind == HoconTokenKind.CloseBrace)))
            {
                var expected = braced ? "',', newline or '}'" : "',' or newline";
                throw Error(token, $"expected {expected} but found {token.Describe()}");
            }
        }

        return builder.Build(open is null ? new HoconOrigin(_source.Name, 1, 1) : OriginOf(open));
    }

    private void ParseField(HoconObjectBuilder builder, IReadOnlyList<string> objectPath)
    {
        var keyToken = Current;
        var key = ParseKey();
        IReadOnlyList<string> fieldPath = [.. objectPath, .. key];
        var separator = Current;
        HoconValue value;
        switch (separator.Kind)
        {
            case HoconTokenKind.Equals or HoconTokenKind.Colon:
                Next();
                value = ParseValue(fieldPath);
                break;
            case HoconTokenKind.OpenBrace:
                value = ParseObjectBody(fieldPath, Next());
                break;
            case HoconTokenKind.PlusEquals:
                throw Error(separator, "'+=' (append) is not supported");
            default:
                throw Error(separator, $"expected ':', '=' or '{{' after key '{HoconPath.Render(key)}' but found {separator.Describe()}");
        }

        builder.Add(key, value, OriginOf(keyToken));
    }

    /// <summary>
    /// Reads a key such as <c>a.b</c>, <c>"a.b"</c> (one segment) or <c>a."b.c".d</c>. Dots split only unquoted
    /// text; whitespace between pieces of a key is kept, as HOCON specifies.
    /// </summary>
    private List<string> ParseKey()
    {
        if (TryParseSimpleKey() is { } simple)
        {
            return simple;
        }

        var segments = new List<string>();
        var current = new StringBuilder();
        var segmentStarted = false;
        var first = Current;
        var pieces = 0;
        while (Current.Kind is HoconTokenKind.Unquoted or HoconTokenKind.QuotedString)
        {
            var token = Next();
            if (pieces++ > 0 && token.LeadingWhitespace.Length > 0)
            {
                current.Append(token.LeadingWhitespace);
            }

            if (token.Kind == HoconTokenKind.QuotedString)
            {
                current.Append(token.Text);
                segmentStarted = true;
                continue;
            }

            foreach (var c in token.Text)
            {
                if (c != '.')
                {
                    current.Append(c);
                    segmentStarted = true;
                    continue;
                }

                if (!segmentStarted)
                {
                    throw Error(token, $"key '{token.Text}' has an empty segment (quote keys that contain dots)");
                }

                segments.Add(current.ToString());
                current.Clear();
                segmentStarted = false;
            }
        }

        if (pieces == 0)
        {
            throw Error(first, $"expected a key but found {first.Describe()}");
        }

        if (!segmentStarted)
        {
            throw Error(first, "key ends with '.'");
        }

        segments.Add(current.ToString());
        return segments;
    }

    /// <summary>Fast path for the usual key: one token, no empty segments.</summary>
    private List<string>? TryParseSimpleKey()
    {
        var token = Current;
        var next = PeekNext();
        if (next.Kind is HoconTokenKind.Unquoted or HoconTokenKind.QuotedString)
        {
            return null;
        }

        if (token.Kind == HoconTokenKind.QuotedString)
        {
            Next();
            return [token.Text];
        }

        if (token.Kind != HoconTokenKind.Unquoted || token.Text.StartsWith('.') || token.Text.EndsWith('.') || token.Text.Contains("..", StringComparison.Ordinal))
        {
            return null;
        }

        Next();
        return [.. token.Text.Split('.')];
    }

    private HoconValue ParseValue(IReadOnlyList<string> path)
    {
        var token = Current;
        return token.Kind switch
        {
            HoconTokenKind.OpenBrace => ParseObjectBody(path, Next()),
            HoconTokenKind.OpenBracket => ParseArray(path, Next()),
            HoconTokenKind.Unquoted or HoconTokenKind.QuotedString or HoconTokenKind.Substitution => ParseSimpleValues(),
            _ => throw Error(token, $"expected a value but found {token.Describe()}"),
        };
    }

    private HoconArray ParseArray(IReadOnlyList<string> path, HoconToken open)
    {
        var elements = new List<HoconValue>();
        while (true)
        {
            SkipNewlines();
            var token = Current;
            if (token.Kind == HoconTokenKind.CloseBracket)
            {
                Next();
                return new HoconArray(elements, OriginOf(open));
            }

            if (token.Kind == HoconTokenKind.EndOfInput)
            {
                throw Error(token, "expected ']' but found end of input");
            }

            elements.Add(ParseValue(path));
            token = Current;
            if (token.Kind == HoconTokenKind.Comma)
            {
                Next();
            }
            else if (token.Kind is not (HoconTokenKind.Newline or HoconTokenKind.CloseBracket or HoconTokenKind.EndOfInput))
            {
                throw Error(token, $"expected ',', newline or ']' but found {token.Describe()}");
            }
        }
    }

    /// <summary>
    /// Reads the simple values that follow a separator up to the end of the line, ',', '}', ']' or a comment,
    /// joining them with the whitespace written between them. ':' and '=' are plain text here, which is why
    /// <c>127.0.0.1:6379</c> needs no quotes.
    /// </summary>
    private HoconValue ParseSimpleValues()
    {
        var first = Current;
        if (!IsValuePiece(PeekNext(), afterFirst: true) && first.Kind != HoconTokenKind.Substitution)
        {
            // Fast path for the usual single-token value.
            Next();
            return new HoconScalar(first is { Kind: HoconTokenKind.Unquoted, Text: "null" } ? null : first.Text, OriginOf(first));
        }

        var parts = new List<HoconValue>();
        var text = new StringBuilder();
        var hasText = false;
        var pieces = 0;
        while (IsValuePiece(Current, afterFirst: pieces > 0))
        {
            var token = Next();
            if (pieces++ > 0 && token.LeadingWhitespace.Length > 0)
            {
                text.Append(token.LeadingWhitespace);
                hasText = true;
            }

            if (token.Kind == HoconTokenKind.Substitution)
            {
                FlushText();
                var path = HoconPath.Parse(token.Text);
                parts.Add(new HoconSubstitution(path, token.IsOptionalSubstitution, token.Text, OriginOf(token)));
            }
            else
            {
                text.Append(token.Text);
                hasText = true;
            }
        }

        FlushText();
        if (pieces == 1 && first is { Kind: HoconTokenKind.Unquoted, Text: "null" })
        {
            return new HoconScalar(null, OriginOf(first));
        }

        return parts.Count == 1 ? parts[0] : new HoconConcatenation(parts, OriginOf(first));

        void FlushText()
        {
            if (hasText)
            {
                parts.Add(new HoconScalar(text.ToString(), OriginOf(first)));
                text.Clear();
                hasText = false;
            }
        }
    }

    private static bool IsValuePiece(HoconToken token, bool afterFirst) =>
        token.Kind is HoconTokenKind.Unquoted or HoconTokenKind.QuotedString or HoconTokenKind.Substitution
        || (afterFirst && token.Kind is HoconTokenKind.Colon or HoconTokenKind.Equals or HoconTokenKind.PlusEquals);

    private bool IsIncludeDirective()
    {
        if (Current is not { Kind: HoconTokenKind.Unquoted, Text: "include" })
        {
            return false;
        }

        var next = PeekNext();
        return next.Kind == HoconTokenKind.QuotedString
               || (next.Kind == HoconTokenKind.Unquoted && next.Text.EndsWith('('));
    }

    /// <summary>
    /// <c>include "f"</c>, <c>include file("f")</c>, <c>include required("f")</c> or
    /// <c>include required(file("f"))</c>. The included fields merge into the current object in place.
    /// </summary>
    private void ParseInclude(HoconObjectBuilder builder, IReadOnlyList<string> objectPath)
    {
        Next(); // include
        var required = false;
        var openParentheses = 0;
        if (Current.Kind == HoconTokenKind.Unquoted)
        {
            var wrapper = Next();
            var rest = wrapper.Text;
            if (rest.StartsWith("required(", StringComparison.Ordinal))
            {
                required = true;
                openParentheses++;
                rest = rest["required(".Length..];
            }

            if (rest == "file(")
            {
                openParentheses++;
            }
            else if (rest.Length > 0)
            {
                throw Error(wrapper, $"unsupported include '{wrapper.Text}': use include \"file\", file(\"file\") or required(\"file\")");
            }
        }

        var nameToken = Current;
        if (nameToken.Kind != HoconTokenKind.QuotedString)
        {
            throw Error(nameToken, $"expected a quoted file name after 'include' but found {nameToken.Describe()}");
        }

        Next();
        var closing = new string(')', openParentheses);
        if (openParentheses > 0)
        {
            if (Current is not { Kind: HoconTokenKind.Unquoted } close || close.Text != closing)
            {
                throw Error(Current, $"expected '{closing}' but found {Current.Describe()}");
            }

            Next();
        }

        var included = LoadInclude(nameToken, required);
        if (included is null)
        {
            return;
        }

        if (objectPath.Count > 0)
        {
            included = (HoconObject)included.WithSubstitutionPrefix(objectPath);
        }

        foreach (var (key, value) in included)
        {
            builder.Add(key, value);
        }
    }

    private HoconObject? LoadInclude(HoconToken nameToken, bool required)
    {
        var source = _source.Includes.Resolve(nameToken.Text);
        if (source is null)
        {
            return required
                ? throw Error(nameToken, $"required include '{nameToken.Text}' not found at {_source.Includes.DescribeLocation(nameToken.Text)}")
                : null;
        }

        IReadOnlyList<string> chain = [.. _includeChain, _source.Identity];
        if (chain.Contains(source.Identity))
        {
            throw Error(nameToken, $"include cycle: {string.Join(" -> ", chain)} -> {source.Identity}");
        }

        if (chain.Count > MaxIncludeDepth)
        {
            throw Error(nameToken, $"includes nested more than {MaxIncludeDepth} deep");
        }

        return new HoconParser(source, chain).ParseDocument();
    }

    private void SkipNewlines()
    {
        while (Current.Kind == HoconTokenKind.Newline)
        {
            Next();
        }
    }

    /// <summary>Consumes the current token; end of input is never consumed, so <see cref="Current"/> stays valid.</summary>
    private HoconToken Next()
    {
        var token = _tokens[_index];
        if (token.Kind != HoconTokenKind.EndOfInput)
        {
            _index++;
        }

        return token;
    }

    private HoconToken PeekNext() => _tokens[Math.Min(_index + 1, _tokens.Count - 1)];

    private HoconOrigin OriginOf(HoconToken token) => new(_source.Name, token.Line, token.Column);

    private HoconParseException Error(HoconToken token, string reason) => new(_source.Name, token.Line, token.Column, reason);
}
