namespace ActorReplication.Hocon;

/// <param name="LeadingWhitespace">
/// Whitespace between the previous token and this one. Value concatenation keeps it (<c>a = foo "bar"</c> is
/// "foo bar"), so the lexer cannot simply drop it.
/// </param>
internal sealed record HoconToken(
    HoconTokenKind Kind,
    string Text,
    int Line,
    int Column,
    string LeadingWhitespace,
    bool IsOptionalSubstitution = false)
{
    /// <summary>How the token is named in "expected X but found Y" messages.</summary>
    public string Describe() => Kind switch
    {
        HoconTokenKind.EndOfInput => "end of input",
        HoconTokenKind.Newline => "newline",
        HoconTokenKind.QuotedString => $"string \"{Text}\"",
        HoconTokenKind.Substitution => IsOptionalSubstitution ? $"substitution ${{?{Text}}}" : $"substitution ${{{Text}}}",
        _ => $"'{Text}'",
    };
}
