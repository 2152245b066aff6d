namespace ActorReplication.Hocon.Tests;

public class ParsingTests
{
    private static Config Parse(string text) => Config.ParseString(text, "test.conf");

    [Theory]
    [InlineData("a { b { c = 1 } }")]
    [InlineData("a.b.c = 1")]
    [InlineData("a.b { c = 1 }")]
    [InlineData("a { b.c : 1 }")]
    [InlineData("{ a { b { c: 1 } } }")]
    [InlineData("a = { b = { c = 1 } }")]
    [InlineData("a : { b : { c : 1 } }")]
    [InlineData("\n\n  a {\n    b {\n      c = 1\n    }\n  }\n\n")]
    public void Nested_objects_and_dotted_keys_are_equivalent(string text)
    {
        Assert.Equal(1, Parse(text).GetInt("a.b.c"));
    }

    [Fact]
    public void Duplicate_object_keys_merge_deeply()
    {
        var config = Parse("""
            a { x = 1, nested { p = 1 } }
            a { y = 2, nested { q = 2 } }
            a.z = 3
            """);

        Assert.Equal(["x", "nested", "y", "z"], config.GetKeys("a"));
        Assert.Equal((1, 2, 3), (config.GetInt("a.x"), config.GetInt("a.y"), config.GetInt("a.z")));
        Assert.Equal((1, 2), (config.GetInt("a.nested.p"), config.GetInt("a.nested.q")));
    }

    [Fact]
    public void Later_non_object_value_replaces_an_object_and_vice_versa()
    {
        var config = Parse("""
            a { x = 1 }
            a = 5
            b = 5
            b { y = 2 }
            c = 1
            c = 2
            """);

        Assert.Equal(5, config.GetInt("a"));
        Assert.Equal(["y"], config.GetKeys("b"));
        Assert.Equal(2, config.GetInt("c"));
    }

    [Fact]
    public void Null_clears_a_value()
    {
        var config = Parse("a = 1\na = null");

        Assert.False(config.HasPath("a"));
        Assert.Equal(7, config.GetInt("a", 7));
        Assert.IsType<HoconScalar>(config.GetValue("a"));
    }

    [Theory]
    [InlineData("a = 1, b = 2")]
    [InlineData("a = 1\nb = 2")]
    [InlineData("a = 1,\nb = 2,")]
    [InlineData("a : 1 , b : 2")]
    [InlineData("{a=1,b=2}")]
    public void Fields_are_separated_by_commas_or_newlines(string text)
    {
        var config = Parse(text);

        Assert.Equal((1, 2), (config.GetInt("a"), config.GetInt("b")));
    }

    [Theory]
    [InlineData("a = [1, 2, 3]")]
    [InlineData("a = [1\n2\n3]")]
    [InlineData("a = [\n  1,\n  2,\n  3,\n]")]
    [InlineData("a: [ \"1\", 2 , 3 ]")]
    public void Arrays_accept_commas_newlines_and_a_trailing_comma(string text)
    {
        Assert.Equal(["1", "2", "3"], Parse(text).GetStringList("a"));
    }

    [Fact]
    public void Arrays_may_hold_objects_and_arrays()
    {
        var value = Parse("a = [{ x = 1 }, [2, 3], []]").GetValue("a");

        var array = Assert.IsType<HoconArray>(value);
        Assert.Equal(3, array.Count);
        Assert.Equal("1", Assert.IsType<HoconObject>(array[0])["x"].ToString());
        Assert.Equal(["2", "3"], Assert.IsType<HoconArray>(array[1]).Select(v => v.ToString()));
        Assert.Empty(Assert.IsType<HoconArray>(array[2]));
    }

    [Theory]
    [InlineData("""a = "x\"y" """, "x\"y")]
    [InlineData("""a = "tab\there" """, "tab\there")]
    [InlineData("""a = "line\nbreak" """, "line\nbreak")]
    [InlineData("""a = "\\ \/ \b \f \r" """, "\\ / \b \f \r")]
    [InlineData("""a = "\u00e9\u0041" """, "éA")]
    [InlineData("""a = "# not a comment // either" """, "# not a comment // either")]
    [InlineData("""a = "" """, "")]
    public void Quoted_strings_decode_json_escapes(string text, string expected)
    {
        Assert.Equal(expected, Parse(text).GetString("a"));
    }

    [Theory]
    [InlineData("a = 127.0.0.1:6379", "127.0.0.1:6379")]
    [InlineData("a = role:master", "role:master")]
    [InlineData("a = 1mb", "1mb")]
    [InlineData("a = x=y", "x=y")]
    [InlineData("a = foo bar", "foo bar")]
    [InlineData("a = foo   bar   # comment", "foo   bar")]
    [InlineData("a = foo // comment", "foo")]
    [InlineData("a = \"foo\" bar", "foo bar")]
    [InlineData("a = \"foo\"\"bar\"", "foobar")]
    [InlineData("a = 1 2 3", "1 2 3")]
    [InlineData("a = -1.5e3", "-1.5e3")]
    [InlineData("a = C:\\path\\file", "C:\\path\\file")]
    [InlineData("a : true", "true")]
    [InlineData("a = \"null\"", "null")]
    public void Unquoted_values_run_to_the_end_of_the_line_trimmed(string text, string expected)
    {
        Assert.Equal(expected, Parse(text).GetString("a"));
    }

    [Fact]
    public void Unquoted_values_end_at_comma_and_closing_brackets()
    {
        var config = Parse("o { a = x y, b = 127.0.0.1:1 }\nl = [p q, r:s]");

        Assert.Equal("x y", config.GetString("o.a"));
        Assert.Equal("127.0.0.1:1", config.GetString("o.b"));
        Assert.Equal(["p q", "r:s"], config.GetStringList("l"));
    }

    [Fact]
    public void Triple_quoted_strings_are_raw_and_multiline()
    {
        var config = Parse("a = \"\"\"first \\n line\n  \"quoted\" # kept\n\"\"\"");

        Assert.Equal("first \\n line\n  \"quoted\" # kept\n", config.GetString("a"));
    }

    [Fact]
    public void Quoted_keys_are_single_segments()
    {
        var config = Parse("""
            "a.b" = 1
            x."y.z".w = 2
            "" = 3
            "with space" = 4
            """);

        Assert.Equal(1, config.GetInt("\"a.b\""));
        Assert.False(config.HasPath("a.b"));
        Assert.Equal(2, config.GetInt("x.\"y.z\".w"));
        Assert.Equal(3, config.GetInt("\"\""));
        Assert.Equal(4, config.GetInt("\"with space\""));
        Assert.Equal(["a.b", "x", "", "with space"], config.GetKeys());
    }

    [Fact]
    public void Keys_keep_the_order_they_were_first_written()
    {
        var config = Parse("z = 1\na = 2\nm { y = 1, b = 2 }\nz = 3");

        Assert.Equal(["z", "a", "m"], config.GetKeys());
        Assert.Equal(["y", "b"], config.GetKeys("m"));
        Assert.Equal(["z", "a", "m"], config.AsEnumerable().Select(pair => pair.Key));
    }

    [Fact]
    public void Comments_are_ignored_everywhere()
    {
        var config = Parse("""
            # header
            // another
            a { # after brace
              b = 1 // trailing
              # between
              c = [ # in array
                1 # element
                2
              ]
            }
            """);

        Assert.Equal(1, config.GetInt("a.b"));
        Assert.Equal(["1", "2"], config.GetStringList("a.c"));
    }

    [Fact]
    public void Empty_and_comment_only_documents_are_empty()
    {
        Assert.True(Parse("").IsEmpty);
        Assert.True(Parse("# nothing\n\n").IsEmpty);
        Assert.True(Parse("{}").IsEmpty);
    }

    [Fact]
    public void Json_documents_parse()
    {
        var config = Parse("""
            {
              "server": { "port": 6379, "bind": ["127.0.0.1", "::1"], "tls": false, "name": null },
              "ratio": 0.75
            }
            """);

        Assert.Equal(6379, config.GetInt("server.port"));
        Assert.Equal(["127.0.0.1", "::1"], config.GetStringList("server.bind"));
        Assert.False(config.GetBoolean("server.tls"));
        Assert.False(config.HasPath("server.name"));
        Assert.Equal(0.75, config.GetDouble("ratio"));
    }

    [Fact]
    public void Include_is_an_ordinary_key_when_followed_by_a_separator()
    {
        var config = Parse("include = 5\nincludes { include: yes }");

        Assert.Equal(5, config.GetInt("include"));
        Assert.True(config.GetBoolean("includes.include"));
    }

    [Fact]
    public void Whitespace_inside_a_key_is_kept()
    {
        var config = Parse("a  b.c d = 1");

        Assert.Equal(["a  b"], config.GetKeys());
        Assert.Equal(1, config.GetInt("\"a  b\".\"c d\""));
    }
}
