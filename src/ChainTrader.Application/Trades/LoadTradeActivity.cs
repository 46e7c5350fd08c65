namespace ChainTrader.Application.Trades;

/// <summary>The orchestration's first read: the trade row the webhook created (null when there is none). Only reads.</summary>
public sealed class LoadTradeActivity(TradeStore store)
{
    public const string Name = "LoadTrade";

    public async Task<StoredTradeData?> RunAsync(string tradeId, CancellationToken cancellationToken) =>
        await store.GetAsync(tradeId, cancellationToken) is { } stored ? StoredTradeData.From(stored) : null;
}
