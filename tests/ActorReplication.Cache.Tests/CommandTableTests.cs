using ActorReplication.Cache.Commands;
using ActorReplication.Resp;
using static ActorReplication.Cache.Tests.Harness;

namespace ActorReplication.Cache.Tests;

public class CommandTableTests
{
    [Fact]
    public void EveryCommandChecksItsArityWithRedisText()
    {
        foreach (CommandDefinition def in CommandTable.All)
        {
            var h = new Harness();
            int bad = def.Arity > 0 ? def.Arity + 1 : -def.Arity - 1;
            if (bad < 1)
            {
                continue; // arity -1: any number of arguments is fine
            }

            string[] args = [def.Name, .. Enumerable.Repeat("x", bad - 1)];
            Assert.Equal(Arity(def.Name), h.Run(args));
            Assert.Equal(def.Id, RespCommand.Create(def.Name.ToUpperInvariant()).Id);
        }
    }

    [Fact]
    public void FlagsMatchRedis()
    {
        Assert.True(CommandTable.IsWrite(CommandId.Set));
        Assert.True(CommandTable.IsWrite(CommandId.Del));
        Assert.True(CommandTable.IsWrite(CommandId.Expire));
        Assert.True(CommandTable.IsWrite(CommandId.FlushAll));
        Assert.True(CommandTable.IsWrite(RespCommand.Create("spop", "k")));
        Assert.False(CommandTable.IsWrite(CommandId.Get));
        Assert.False(CommandTable.IsWrite(CommandId.Scan));
        Assert.False(CommandTable.IsWrite(CommandId.Select));
        Assert.False(CommandTable.IsWrite(CommandId.Ping));
        Assert.True(CommandTable.IsDenyOom(CommandId.Set));
        Assert.True(CommandTable.IsDenyOom(CommandId.LPush));
        Assert.False(CommandTable.IsDenyOom(CommandId.Del));
        Assert.False(CommandTable.IsDenyOom(CommandId.LPop));
        Assert.Null(CommandTable.Get(CommandId.Ping));
        Assert.Null(CommandTable.Get(CommandId.Unknown));
        Assert.Equal(-3, CommandTable.Get(CommandId.Set)!.Arity);
        Assert.Equal(2, CommandTable.Get(CommandId.Get)!.Arity);
        foreach (CommandDefinition def in CommandTable.All)
        {
            Assert.False(def.IsWrite && (def.Flags & CommandFlags.ReadOnly) != 0, def.Name);
        }
    }

    [Theory]
    [InlineData("setbit", 4, "write denyoom")]
    [InlineData("getbit", 3, "readonly fast")]
    [InlineData("bitcount", -2, "readonly")]
    [InlineData("bitpos", -3, "readonly")]
    [InlineData("lcs", -3, "readonly")]
    [InlineData("copy", -3, "write denyoom")]
    [InlineData("move", 3, "write fast")]
    [InlineData("swapdb", 3, "write fast")]
    [InlineData("object", -2, "readonly")]
    [InlineData("sort", -2, "write denyoom")]
    [InlineData("sort_ro", -2, "readonly")]
    [InlineData("linsert", 5, "write denyoom")]
    [InlineData("lpos", -3, "readonly")]
    [InlineData("lmove", 5, "write denyoom")]
    [InlineData("rpoplpush", 3, "write denyoom")]
    [InlineData("lmpop", -4, "write")]
    [InlineData("hrandfield", -2, "readonly")]
    [InlineData("sinterstore", -3, "write denyoom")]
    [InlineData("sunionstore", -3, "write denyoom")]
    [InlineData("sdiffstore", -3, "write denyoom")]
    [InlineData("sintercard", -3, "readonly")]
    public void ParityCommandsHaveRedisArityAndFlags(string name, int arity, string flags)
    {
        CommandDefinition def = CommandTable.Get(RespCommand.Create(name.ToUpperInvariant()).Id)!;
        Assert.Equal(name, def.Name);
        Assert.Equal(arity, def.Arity);
        var expected = CommandFlags.None;
        foreach (string f in flags.Split(' '))
        {
            expected |= f switch
            {
                "write" => CommandFlags.Write,
                "readonly" => CommandFlags.ReadOnly,
                "fast" => CommandFlags.Fast,
                "denyoom" => CommandFlags.DenyOom,
                _ => throw new ArgumentException(f),
            };
        }

        Assert.Equal(expected, def.Flags);
    }

    [Fact]
    public void UnknownCommandTruncatesLikeRedis()
    {
        var h = new Harness();
        string longArg = new('a', 200);
        string reply = h.Run("nosuch", longArg, "b");
        Assert.Equal("-ERR unknown command 'nosuch', with args beginning with: '" + new string('a', 128) + "' \r\n", reply);
        Assert.Equal("-ERR unknown command 'x', with args beginning with: 'a b' \r\n", h.Run("x", "a\r\nb"[..1] + " b"));
    }

    [Fact]
    public void WrongTypeIsReportedByEveryFamily()
    {
        var h = new Harness();
        h.Run("SET", "s", "v");
        h.Run("RPUSH", "l", "v");
        Assert.Equal(WrongType, h.Run("HGET", "s", "f"));
        Assert.Equal(WrongType, h.Run("LLEN", "s"));
        Assert.Equal(WrongType, h.Run("SCARD", "s"));
        Assert.Equal(WrongType, h.Run("GET", "l"));
        Assert.Equal(WrongType, h.Run("SMOVE", "l", "x", "v"));
        Assert.Equal(WrongType, h.Run("HSETNX", "l", "f", "v"));
        Assert.Equal(WrongType, h.Run("HINCRBYFLOAT", "l", "f", "1"));
        Assert.Equal(WrongType, h.Run("LSET", "s", "0", "v"));
        Assert.Equal(WrongType, h.Run("SPOP", "l"));
        Assert.Equal(WrongType, h.Run("SRANDMEMBER", "l", "2"));
    }
}
