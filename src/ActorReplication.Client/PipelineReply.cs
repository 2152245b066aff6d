using ActorReplication.Client.Routing;
using ActorReplication.Resp;

namespace ActorReplication.Client;

/// <summary>One command's outcome in a pipeline: its reply, or the typed error the node answered it with.</summary>
public sealed record PipelineReply(RespValue? Value, CacheException? Error)
{
    /// <summary>The reply; throws the command's error.</summary>
    public RespValue Result => Error is null ? Value! : throw Error;

    /// <summary>A refusal that means the command did not run and may go elsewhere.</summary>
    internal FailureKind? Refusal => Error switch
    {
        ReadOnlyException => FailureKind.ReadOnly,
        MasterDownException => FailureKind.MasterDown,
        _ => null,
    };
}
