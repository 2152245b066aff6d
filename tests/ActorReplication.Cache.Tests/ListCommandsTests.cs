using static ActorReplication.Cache.Tests.Harness;

namespace ActorReplication.Cache.Tests;

public class ListCommandsTests
{
    private readonly Harness h = new();

    [Fact]
    public void PushRangeLen()
    {
        Assert.Equal(Int(3), h.Run("RPUSH", "l", "a", "b", "c"));
        Assert.Equal(Int(5), h.Run("LPUSH", "l", "y", "x"));
        Assert.Equal(Arr("x", "y", "a", "b", "c"), h.Run("LRANGE", "l", "0", "-1"));
        Assert.Equal(Arr("b", "c"), h.Run("LRANGE", "l", "-2", "100"));
        Assert.Equal("*0\r\n", h.Run("LRANGE", "l", "3", "1"));
        Assert.Equal("*0\r\n", h.Run("LRANGE", "l", "10", "20"));
        Assert.Equal("*0\r\n", h.Run("LRANGE", "none", "0", "-1"));
        Assert.Equal(NotInt, h.Run("LRANGE", "l", "a", "1"));
        Assert.Equal(Int(5), h.Run("LLEN", "l"));
        Assert.Equal(Int(0), h.Run("LLEN", "none"));
        Assert.Equal(Int(0), h.Run("LPUSHX", "none", "a"));
        Assert.Equal(Int(0), h.Run("RPUSHX", "none", "a"));
        Assert.Equal(Int(0), h.Run("EXISTS", "none"));
        Assert.Equal(Int(6), h.Run("RPUSHX", "l", "z"));
        Assert.Equal(Int(7), h.Run("LPUSHX", "l", "w"));
        Assert.Equal(Arity("lpush"), h.Run("LPUSH", "l"));
        h.Run("SET", "s", "x");
        Assert.Equal(WrongType, h.Run("LPUSH", "s", "a"));
        Assert.Equal(WrongType, h.Run("LRANGE", "s", "0", "1"));
        Assert.Equal(WrongType, h.Run("LPOP", "s"));
        Assert.Equal(WrongType, h.Run("LLEN", "s"));
    }

    [Fact]
    public void PopWithAndWithoutCount()
    {
        Assert.Equal(Nil, h.Run("LPOP", "l"));
        Assert.Equal("*-1\r\n", h.Run("LPOP", "l", "2"));
        Assert.Equal("_\r\n", h.Run3("LPOP", "l", "2"));
        Assert.Equal("_\r\n", h.Run3("RPOP", "l"));
        h.Run("RPUSH", "l", "a", "b", "c", "d");
        Assert.Equal(Bulk("a"), h.Run("LPOP", "l"));
        Assert.Equal(Bulk("d"), h.Run("RPOP", "l"));
        Assert.Equal("*0\r\n", h.Run("LPOP", "l", "0"));
        Assert.Equal(Err("ERR value is out of range, must be positive"), h.Run("LPOP", "l", "-1"));
        Assert.Equal(Err("ERR value is out of range, must be positive"), h.Run("LPOP", "l", "x"));
        Assert.Equal(Err("ERR value is out of range, must be positive"), h.Run("RPOP", "l", "1.5"));
        Assert.Equal(Err("ERR value is out of range, must be positive"), h.Run("LPOP", "none", "abc"));
        Assert.Equal(Arity("lpop"), h.Run("LPOP", "l", "1", "2"));
        Assert.Equal(Arr("c", "b"), h.Run("RPOP", "l", "5"));
        Assert.Equal(Int(0), h.Run("EXISTS", "l"));
    }

    [Fact]
    public void IndexSet()
    {
        h.Run("RPUSH", "l", "a", "b", "c");
        Assert.Equal(Bulk("a"), h.Run("LINDEX", "l", "0"));
        Assert.Equal(Bulk("c"), h.Run("LINDEX", "l", "-1"));
        Assert.Equal(Nil, h.Run("LINDEX", "l", "3"));
        Assert.Equal(Nil, h.Run("LINDEX", "l", "-4"));
        Assert.Equal(Nil, h.Run("LINDEX", "none", "0"));
        Assert.Equal(NotInt, h.Run("LINDEX", "l", "x"));
        Assert.Equal(Ok, h.Run("LSET", "l", "1", "B"));
        Assert.Equal(Ok, h.Run("LSET", "l", "-1", "C"));
        Assert.Equal(Arr("a", "B", "C"), h.Run("LRANGE", "l", "0", "-1"));
        Assert.Equal(Err("ERR index out of range"), h.Run("LSET", "l", "3", "x"));
        Assert.Equal(Err("ERR no such key"), h.Run("LSET", "none", "0", "x"));
        Assert.Equal(NotInt, h.Run("LSET", "l", "x", "x"));
    }

    [Fact]
    public void Rem()
    {
        h.Run("RPUSH", "l", "a", "b", "a", "c", "a", "b");
        Assert.Equal(Int(2), h.Run("LREM", "l", "2", "a"));
        Assert.Equal(Arr("b", "c", "a", "b"), h.Run("LRANGE", "l", "0", "-1"));
        Assert.Equal(Int(1), h.Run("LREM", "l", "-1", "b"));
        Assert.Equal(Arr("b", "c", "a"), h.Run("LRANGE", "l", "0", "-1"));
        Assert.Equal(Int(0), h.Run("LREM", "l", "0", "zz"));
        Assert.Equal(Int(0), h.Run("LREM", "none", "0", "a"));
        Assert.Equal(NotInt, h.Run("LREM", "l", "x", "a"));
        h.Run("RPUSH", "m", "x", "x");
        Assert.Equal(Int(2), h.Run("LREM", "m", "0", "x"));
        Assert.Equal(Int(0), h.Run("EXISTS", "m"));
    }

    [Fact]
    public void Trim()
    {
        h.Run("RPUSH", "l", "a", "b", "c", "d", "e");
        Assert.Equal(Ok, h.Run("LTRIM", "l", "1", "-2"));
        Assert.Equal(Arr("b", "c", "d"), h.Run("LRANGE", "l", "0", "-1"));
        Assert.Equal(Ok, h.Run("LTRIM", "l", "0", "100"));
        Assert.Equal(Arr("b", "c", "d"), h.Run("LRANGE", "l", "0", "-1"));
        Assert.Equal(Ok, h.Run("LTRIM", "l", "5", "10"));
        Assert.Equal(Int(0), h.Run("EXISTS", "l"));
        Assert.Equal(Ok, h.Run("LTRIM", "none", "0", "1"));
        Assert.Equal(NotInt, h.Run("LTRIM", "l", "0", "x"));
    }

    [Fact]
    public void DequeWrapsAround()
    {
        var model = new LinkedList<string>();
        var rng = new Random(7);
        for (int i = 0; i < 2000; i++)
        {
            int op = rng.Next(4);
            string v = "v" + i;
            switch (op)
            {
                case 0: h.Run("LPUSH", "l", v); model.AddFirst(v); break;
                case 1: h.Run("RPUSH", "l", v); model.AddLast(v); break;
                case 2:
                    Assert.Equal(model.Count == 0 ? Nil : Bulk(model.First!.Value), h.Run("LPOP", "l"));
                    if (model.Count > 0) { model.RemoveFirst(); }
                    break;
                default:
                    Assert.Equal(model.Count == 0 ? Nil : Bulk(model.Last!.Value), h.Run("RPOP", "l"));
                    if (model.Count > 0) { model.RemoveLast(); }
                    break;
            }
        }

        Assert.Equal(model.Count == 0 ? "*0\r\n" : Arr([.. model]), h.Run("LRANGE", "l", "0", "-1"));
        Assert.Equal(h.Ks.RecomputeUsedMemory(), h.Ks.UsedMemory);
    }
}
