using System.Text.Json;

namespace ChainTrader.Adapters.Rpc;

public abstract class RpcBatchItem
{
    private protected RpcBatchItem(RpcCall call) => Call = call;

    public RpcCall Call { get; }

    /// <summary>The JSON-RPC error for this call, if the node answered it with one.</summary>
    public RpcException? Error { get; private protected set; }

    /// <summary>Parses a result without storing it, so a batch that fails part-way leaves no item half-filled.</summary>
    internal abstract object? Parse(JsonElement result, string endpoint);

    internal abstract void Complete(object? parsed, RpcException? error);
}
