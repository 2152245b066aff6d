using ActorReplication.Cache.Blocking;
using ActorReplication.Cache.Commands;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Resp;
using static ActorReplication.Cache.Tests.Harness;

namespace ActorReplication.Cache.Tests.Blocking;

/// <summary>
/// The blocking commands in the engine: the pops when data is there (replies and the non-blocking effect Redis 7.0
/// propagates), the null a client that cannot block gets (as inside MULTI), and the block request otherwise.
/// </summary>
public class BlockingCommandsTests
{
    private readonly Harness _h = new();

    [Fact]
    public void Blpop_and_brpop_pop_the_first_non_empty_list_and_propagate_lpop_or_rpop()
    {
        _h.Run("RPUSH", "l", "a", "b", "c");
        _h.TakeEffects();
        Assert.Equal(Arr("l", "a"), _h.Run("BLPOP", "nokey", "l", "0"));
        Assert.Equal(Cmd("LPOP", "l"), _h.TakeEffects());
        Assert.Equal(Arr("l", "c"), _h.Run("BRPOP", "l", "0"));
        Assert.Equal(Cmd("RPOP", "l"), _h.TakeEffects());
    }

    [Fact]
    public void Blmpop_and_bzmpop_propagate_the_count_they_popped()
    {
        _h.Run("RPUSH", "l", "a", "b", "c");
        _h.Run("ZADD", "z", "1", "a", "2", "b");
        _h.TakeEffects();
        Assert.Equal("*2\r\n$1\r\nl\r\n*3\r\n$1\r\nc\r\n$1\r\nb\r\n$1\r\na\r\n", _h.Run("BLMPOP", "0", "1", "l", "RIGHT", "COUNT", "10"));
        Assert.Equal(Cmd("RPOP", "l", "3"), _h.TakeEffects());
        Assert.Equal("*2\r\n$1\r\nz\r\n*2\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n", _h.Run("BZMPOP", "0", "1", "z", "MAX", "COUNT", "5"));
        Assert.Equal(Cmd("ZPOPMAX", "z", "2"), _h.TakeEffects());
    }

    [Fact]
    public void Blmove_propagates_lmove_with_the_ends_as_given_and_brpoplpush_as_rpoplpush()
    {
        _h.Run("RPUSH", "s", "1", "2", "3");
        _h.TakeEffects();
        Assert.Equal(Bulk("1"), _h.Run("BLMOVE", "s", "d", "LEFT", "right", "0"));
        Assert.Equal(Cmd("LMOVE", "s", "d", "LEFT", "right"), _h.TakeEffects());
        Assert.Equal(Bulk("3"), _h.Run("BRPOPLPUSH", "s", "d", "0"));
        Assert.Equal(Cmd("RPOPLPUSH", "s", "d"), _h.TakeEffects());
        Assert.Equal(Arr("3", "1"), _h.Run("LRANGE", "d", "0", "-1"));
    }

    [Fact]
    public void Bzpopmin_replies_key_member_score_and_resp3_gives_the_score_as_a_double()
    {
        _h.Run("ZADD", "z", "1.5", "a", "2", "b");
        Assert.Equal(Arr("z", "a", "1.5"), _h.Run("BZPOPMIN", "z", "0"));
        Assert.Equal("*3\r\n$1\r\nz\r\n$1\r\nb\r\n,2\r\n", _h.Run3("BZPOPMAX", "z", "0"));
        Assert.Equal(Int(0), _h.Run("EXISTS", "z"));
    }

    [Fact]
    public void A_client_that_cannot_block_gets_the_null_of_a_timeout_at_once()
    {
        // As inside MULTI: a null array, a null bulk for the moves.
        Assert.Equal("*-1\r\n", _h.Run("BLPOP", "k", "0"));
        Assert.Equal("*-1\r\n", _h.Run("BZPOPMIN", "k", "0"));
        Assert.Equal("*-1\r\n", _h.Run("BLMPOP", "0", "1", "k", "LEFT"));
        Assert.Equal("*-1\r\n", _h.Run("BZMPOP", "0", "1", "k", "MIN"));
        Assert.Equal(Nil, _h.Run("BLMOVE", "k", "d", "LEFT", "LEFT", "0"));
        Assert.Equal(Nil, _h.Run("BRPOPLPUSH", "k", "d", "0"));
        Assert.Equal("_\r\n", _h.Run3("BLPOP", "k", "0"));
        Assert.Equal("", _h.TakeEffects());
    }

    [Fact]
    public void Arguments_are_checked_in_redis_order()
    {
        _h.Run("SET", "s", "x");
        Assert.Equal(Err("ERR timeout is not a float or out of range"), _h.Run("BLPOP", "s", "abc"));
        Assert.Equal(WrongType, _h.Run("BLPOP", "nokey", "s", "0"));
        Assert.Equal(Err("ERR numkeys should be greater than 0"), _h.Run("BLMPOP", "abc", "0", "k", "LEFT"));
        Assert.Equal(Syntax, _h.Run("BLMPOP", "abc", "1", "k", "MIDDLE"));
        Assert.Equal(Err("ERR timeout is negative"), _h.Run("BLMPOP", "-1", "1", "k", "LEFT"));
        Assert.Equal(Err("ERR count should be greater than 0"), _h.Run("BZMPOP", "0", "1", "k", "MIN", "COUNT", "0"));
        Assert.Equal(Syntax, _h.Run("BLMPOP", "0", "1", "k", "LEFT", "COUNT", "1", "COUNT", "1"));
        Assert.Equal(Syntax, _h.Run("BLMOVE", "a", "b", "X", "LEFT", "abc"));
        Assert.Equal(Arity("brpoplpush"), _h.Run("BRPOPLPUSH", "a", "b"));
        Assert.Equal(Arity("zmpop"), _h.Run("ZMPOP", "1", "k"));
    }

    [Fact]
    public void Zmpop_pops_without_blocking_and_answers_null_when_nothing_holds_data()
    {
        _h.Run("ZADD", "z", "1", "a", "2", "b", "3", "c");
        _h.TakeEffects();
        Assert.Equal("*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n", _h.Run("ZMPOP", "2", "nokey", "z", "MIN"));
        Assert.Equal(Cmd("ZPOPMIN", "z", "1"), _h.TakeEffects());
        Assert.Equal("*-1\r\n", _h.Run("ZMPOP", "1", "nokey", "MAX"));
    }

    [Fact]
    public void A_client_that_may_block_gets_a_request_for_its_keys_once_each_and_no_reply()
    {
        var reply = new System.Buffers.ArrayBufferWriter<byte>();
        BlockRequest? request = _h.Ks.ExecuteBlocking(CommandTable.Get(CommandId.BLPop)!, _h.Session,
            RespCommand.Create("BLPOP", "a", "b", "a", "2.5"), new RespWriter(reply), null);
        Assert.NotNull(request);
        Assert.Equal(BlockKind.ListPop, request.Kind);
        Assert.Equal(["a", "b"], request.Keys.Select(k => Latin1(k)));
        Assert.Equal(2500, request.TimeoutMs);
        Assert.Equal(0, reply.WrittenCount);
    }
}
