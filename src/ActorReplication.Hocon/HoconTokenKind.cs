namespace ActorReplication.Hocon;

internal enum HoconTokenKind
{
    EndOfInput,
    Newline,
    Comma,
    Colon,
    Equals,
    PlusEquals,
    OpenBrace,
    CloseBrace,
    OpenBracket,
    CloseBracket,

    /// <summary>A run of characters that are not whitespace or HOCON punctuation, e.g. <c>127.0.0.1</c>.</summary>
    Unquoted,

    /// <summary>A <c>"..."</c> or <c>"""..."""</c> string; <see cref="HoconToken.Text"/> is the decoded content.</summary>
    QuotedString,

    /// <summary><c>${path}</c> or <c>${?path}</c>; <see cref="HoconToken.Text"/> is the path as written.</summary>
    Substitution,
}
