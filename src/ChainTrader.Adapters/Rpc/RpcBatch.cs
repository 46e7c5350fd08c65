using System.Text.Json;

namespace ChainTrader.Adapters.Rpc;

/// <summary>
/// Several calls sent as one JSON-RPC batch (one HTTP POST). Add calls, send, then read each item's
/// <see cref="RpcBatchItem{T}.Result"/>: per-call JSON-RPC errors surface there, not from <see cref="SendAsync"/>.
/// </summary>
public sealed class RpcBatch
{
    private readonly IRpcChannel _channel;
    private readonly List<RpcBatchItem> _items = [];

    internal RpcBatch(IRpcChannel channel) => _channel = channel;

    public int Count => _items.Count;

    /// <summary>The (redacted) URL of the endpoint that answered, once the batch was sent successfully: provenance for what was read.</summary>
    public string? AnsweredBy { get; internal set; }

    internal IReadOnlyList<RpcBatchItem> Items => _items;

    public RpcBatchItem<T> Add<T>(RpcCall<T> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var item = new RpcBatchItem<T>(call);
        _items.Add(item);
        return item;
    }

    public Task SendAsync(CancellationToken cancellationToken = default) => _channel.SendBatchAsync(this, cancellationToken);
}

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
