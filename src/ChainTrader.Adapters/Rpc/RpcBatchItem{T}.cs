using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChainTrader.Adapters.Rpc;

/// <summary>One call of an <see cref="RpcBatch"/>; its result or error is here once the batch was sent.</summary>
public sealed class RpcBatchItem<T> : IRpcBatchEntry
{
    private readonly RpcCall<T> _call;
    private T? _result;
    private bool _answered;

    internal RpcBatchItem(RpcCall<T> call) => _call = call;

    public string Method => _call.Method;

    /// <summary>The JSON-RPC error for this call, if the node answered it with one.</summary>
    public JsonRpcErrorException? Error { get; private set; }

    /// <summary>The parsed result; throws the call's <see cref="JsonRpcErrorException"/> if the node answered with an error.</summary>
    public T Result
    {
        get
        {
            if (!_answered) throw new InvalidOperationException($"{Method}: the batch has not been sent successfully yet.");
            if (Error is not null) throw Error;
            return _result!;
        }
    }

    JsonArray IRpcBatchEntry.Parameters => _call.Parameters;

    object? IRpcBatchEntry.Parse(JsonElement result, string endpoint) => _call.Parse(result, endpoint);

    void IRpcBatchEntry.Complete(object? parsed, JsonRpcErrorException? error)
    {
        _result = error is null ? (T)parsed! : default;
        Error = error;
        _answered = true;
    }
}
