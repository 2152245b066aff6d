using ActorReplication.Hocon;

namespace ActorReplication.Hocon.Tests;

public class HoconLexerTests
{
    private static List<HoconToken> Lex(string text) => HoconLexer.Tokenize(text, "t.conf");

    [Fact]
    public void Tokens_carry_kind_text_and_one_based_position()
    {
        var tokens = Lex("a.b = 1\n  c: \"x\"");

        Assert.Equal(
            [
                (HoconTokenKind.Unquoted, "a.b", 1, 1),
                (HoconTokenKind.Equals, "=", 1, 5),
                (HoconTokenKind.Unquoted, "1", 1, 7),
                (HoconTokenKind.Newline, "\n", 1, 8),
                (HoconTokenKind.Unquoted, "c", 2, 3),
                (HoconTokenKind.Colon, ":", 2, 4),
                (HoconTokenKind.QuotedString, "x", 2, 6),
                (HoconTokenKind.EndOfInput, "", 2, 9),
            ],
            tokens.Select(t => (t.Kind, t.Text, t.Line, t.Column)));
    }

    [Fact]
    public void Punctuation_is_recognised()
    {
        var kinds = Lex("{}[],:=+=").Select(t => t.Kind);

        Assert.Equal(
            [
                HoconTokenKind.OpenBrace, HoconTokenKind.CloseBrace, HoconTokenKind.OpenBracket,
                HoconTokenKind.CloseBracket, HoconTokenKind.Comma, HoconTokenKind.Colon, HoconTokenKind.Equals,
                HoconTokenKind.PlusEquals, HoconTokenKind.EndOfInput,
            ],
            kinds);
    }

    [Theory]
    [InlineData("a # comment\nb")]
    [InlineData("a // comment\nb")]
    [InlineData("a#comment\nb")]
    public void Comments_are_dropped_but_their_newline_stays(string text)
    {
        var tokens = Lex(text);

        Assert.Equal(
            [HoconTokenKind.Unquoted, HoconTokenKind.Newline, HoconTokenKind.Unquoted, HoconTokenKind.EndOfInput],
            tokens.Select(t => t.Kind));
        Assert.Equal("b", tokens[2].Text);
    }

    [Fact]
    public void Leading_whitespace_is_recorded_for_value_concatenation()
    {
        var tokens = Lex("foo  \t\"bar\"");

        Assert.Equal("", tokens[0].LeadingWhitespace);
        Assert.Equal("  \t", tokens[1].LeadingWhitespace);
    }

    [Fact]
    public void Substitutions_record_path_and_optionality()
    {
        var tokens = Lex("${a.b} ${? HOME }");

        Assert.Equal((HoconTokenKind.Substitution, "a.b", false), (tokens[0].Kind, tokens[0].Text, tokens[0].IsOptionalSubstitution));
        Assert.Equal((HoconTokenKind.Substitution, "HOME", true), (tokens[1].Kind, tokens[1].Text, tokens[1].IsOptionalSubstitution));
    }

    [Fact]
    public void Unquoted_text_stops_at_punctuation_comments_and_substitutions()
    {
        var texts = Lex("127.0.0.1:6379 a$b c${x} http://host").Select(t => t.Text);

        Assert.Equal(["127.0.0.1", ":", "6379", "a$b", "c", "x", "http", ":", ""], texts);
    }

    [Fact]
    public void Triple_quoted_string_spans_lines_and_tracks_position_after_it()
    {
        var tokens = Lex("a = \"\"\"x\n\"y\"\"\"\" b");

        Assert.Equal("x\n\"y\"", tokens[2].Text);
        Assert.Equal((2, 8), (tokens[3].Line, tokens[3].Column));
    }

    [Fact]
    public void Byte_order_mark_and_carriage_returns_are_whitespace()
    {
        var tokens = Lex("\uFEFFa = 1\r\nb = 2\r\n");

        Assert.Equal(
            ["a", "=", "1", "\n", "b", "=", "2", "\n", ""],
            tokens.Select(t => t.Text));
    }
}
