namespace ChainTrader.Adapters.Rpc;

/// <summary>
/// Several calls sent as one JSON-RPC batch (one HTTP POST). Add calls, send, then read each item's
/// <see cref="RpcBatchItem{T}.Result"/>: per-call JSON-RPC errors surface there, not from <see cref="SendAsync"/>.
/// </summary>
public sealed class RpcBatch
{
    private readonly IRpcChannel _channel;
    private readonly List<IRpcBatchEntry> _items = [];

    internal RpcBatch(IRpcChannel channel) => _channel = channel;

    public int Count => _items.Count;

    /// <summary>The (redacted) URL of the endpoint that answered, once the batch was sent successfully: provenance for what was read.</summary>
    public string? AnsweredBy { get; internal set; }

    internal IReadOnlyList<IRpcBatchEntry> Items => _items;

    public RpcBatchItem<T> Add<T>(RpcCall<T> call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var item = new RpcBatchItem<T>(call);
        _items.Add(item);
        return item;
    }

    public Task SendAsync(CancellationToken cancellationToken = default) => _channel.SendBatchAsync(this, cancellationToken);
}
