using ChainTrader.Application.Trades;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace ChainTrader.Functions.Functions;

/// <summary>The trade orchestration's activities: thin wrappers over the activity classes (each safe to run twice).</summary>
public sealed class TradeActivityFunctions(LoadTradeActivity load, SaveTradeStepActivity save, RunTradeEffectActivity effect, DurableClientAccess durable)
{
    [Function(LoadTradeActivity.Name)]
    public Task<StoredTradeData?> LoadTradeAsync([ActivityTrigger] string tradeId, CancellationToken cancellationToken) =>
        load.RunAsync(tradeId, cancellationToken);

    [Function(SaveTradeStepActivity.Name)]
    public Task<StoredTradeData> SaveTradeStepAsync([ActivityTrigger] SaveTradeStepInput input, CancellationToken cancellationToken) =>
        save.RunAsync(input, cancellationToken);

    /// <param name="trades">An effect's notification can deliver a trade's quote, which tells the trade (<see cref="QuoteDeliveryObserver"/>).</param>
    [Function(RunTradeEffectActivity.Name)]
    public Task<IReadOnlyList<string>> RunTradeEffectAsync([ActivityTrigger] RunTradeEffectInput input, [DurableClient] DurableTaskClient trades,
        CancellationToken cancellationToken) =>
        durable.RunAsync(trades, () => effect.RunAsync(input, cancellationToken));
}
