namespace ActorReplication.Hocon.Tests;

public class ParseErrorTests
{
    [Theory]
    [InlineData("a {\n  b = 1\n", 3, 1, "expected '}' but found end of input")]
    [InlineData("a = [1, 2", 1, 10, "expected ']' but found end of input")]
    [InlineData("a = \"abc\nb = 1", 1, 5, "unterminated quoted string")]
    [InlineData("a = \"a\\qb\"", 1, 7, "invalid escape sequence '\\q' in quoted string")]
    [InlineData("a = \"\"\"abc", 1, 5, "unterminated triple-quoted string")]
    [InlineData("a = ${b", 1, 5, "unterminated substitution: expected '}'")]
    [InlineData("a = ${}", 1, 5, "invalid substitution path '': path is empty")]
    [InlineData("a = ${b..c}", 1, 5, "invalid substitution path 'b..c': empty path segment")]
    [InlineData("a\nb = 1", 1, 2, "expected ':', '=' or '{' after key 'a' but found newline")]
    [InlineData("a 1", 1, 4, "expected ':', '=' or '{' after key '\"a 1\"' but found end of input")]
    [InlineData("a =", 1, 4, "expected a value but found end of input")]
    [InlineData("a =\n1", 1, 4, "expected a value but found newline")]
    [InlineData("x = 1\n  a = }", 2, 7, "expected a value but found '}'")]
    [InlineData("a = 1 }", 1, 7, "expected ',' or newline but found '}'")]
    [InlineData("a { b { c = 1 } d = 2 }", 1, 17, "expected ',', newline or '}' but found 'd'")]
    [InlineData("a = {x = 1} y", 1, 13, "expected ',' or newline but found 'y'")]
    [InlineData("a = [1 {}]", 1, 8, "expected ',', newline or ']' but found '{'")]
    [InlineData("= 1", 1, 1, "expected a key but found '='")]
    [InlineData("a = 1,,b = 2", 1, 7, "expected a key but found ','")]
    [InlineData("a..b = 1", 1, 1, "key 'a..b' has an empty segment (quote keys that contain dots)")]
    [InlineData("a. = 1", 1, 1, "key ends with '.'")]
    [InlineData("${x} = 1", 1, 1, "expected a key but found substitution ${x}")]
    [InlineData("a += 1", 1, 3, "'+=' (append) is not supported")]
    [InlineData("{ a = 1 } b", 1, 11, "expected end of input but found 'b'")]
    [InlineData("include classpath(\"x\")", 1, 9, "unsupported include 'classpath(': use include \"file\", file(\"file\") or required(\"file\")")]
    [InlineData("include required(\"x\"", 1, 21, "expected ')' but found end of input")]
    public void Parse_errors_report_source_line_column_and_reason(string text, int line, int column, string reason)
    {
        var error = Assert.Throws<HoconParseException>(() => Config.ParseString(text, "hocon/master.conf"));

        Assert.Equal(reason, error.Reason);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Equal("hocon/master.conf", error.Source);
        Assert.Equal($"hocon/master.conf:{line}:{column}: {reason}", error.Message);
    }

    [Fact]
    public void Default_source_name_is_string_placeholder()
    {
        var error = Assert.Throws<HoconParseException>(() => Config.ParseString("a {"));

        Assert.Equal("<string>:1:4: expected '}' but found end of input", error.Message);
    }
}
