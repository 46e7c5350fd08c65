using ChainTrader.Functions.Trades;
using Microsoft.Azure.Functions.Worker;

namespace ChainTrader.Functions.Functions;

/// <summary>The trade orchestration's activities: thin wrappers over the activity classes (each safe to run twice).</summary>
public sealed class TradeActivityFunctions(LoadTradeActivity load, SaveTradeStepActivity save, RunTradeEffectActivity effect)
{
    [Function(LoadTradeActivity.Name)]
    public Task<StoredTradeData?> LoadTradeAsync([ActivityTrigger] string tradeId, CancellationToken cancellationToken) =>
        load.RunAsync(tradeId, cancellationToken);

    [Function(SaveTradeStepActivity.Name)]
    public Task<StoredTradeData> SaveTradeStepAsync([ActivityTrigger] SaveTradeStepInput input, CancellationToken cancellationToken) =>
        save.RunAsync(input, cancellationToken);

    [Function(RunTradeEffectActivity.Name)]
    public Task<IReadOnlyList<string>> RunTradeEffectAsync([ActivityTrigger] RunTradeEffectInput input, CancellationToken cancellationToken) =>
        effect.RunAsync(input, cancellationToken);
}
