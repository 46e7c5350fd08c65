using System.Text.Json;

namespace ChainTrader.Adapters.Rpc;

public sealed class RpcBatchItem<T> : RpcBatchItem
{
    private readonly RpcCall<T> _call;
    private T? _result;
    private bool _answered;

    internal RpcBatchItem(RpcCall<T> call) : base(call) => _call = call;

    /// <summary>The parsed result; throws the call's <see cref="RpcException"/> if the node answered with an error.</summary>
    public T Result
    {
        get
        {
            if (!_answered) throw new InvalidOperationException($"{Call.Method}: the batch has not been sent successfully yet.");
            if (Error is not null) throw Error;
            return _result!;
        }
    }

    internal override object? Parse(JsonElement result, string endpoint) => _call.Parse(result, endpoint);

    internal override void Complete(object? parsed, RpcException? error)
    {
        _result = error is null ? (T)parsed! : default;
        Error = error;
        _answered = true;
    }
}
