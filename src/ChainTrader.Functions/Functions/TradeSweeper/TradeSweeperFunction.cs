using System.Text.Json;
using ChainTrader.Functions.Functions.TradeStep;
using ChainTrader.Functions.Hosting;
using ChainTrader.Functions.Trades;

namespace ChainTrader.Functions.Functions.TradeSweeper;

/// <summary>
/// Every 5 s: a `trade-steps` message for every open trade whose next step is due (timeouts, receipt and confirmation
/// polling, rebroadcasts, fee bumps), so no trade depends on a message another step sent. Each message carries the trace
/// its trade was opened under. Also refreshes the trading gauges.
/// </summary>
public sealed class TradeSweeperFunction(TradeStore store, DeskMetrics metrics, TimeProvider clock) : IFunction
{
    /// <summary>At most this many trades per sweep; the rest are next (earliest due first).</summary>
    public const int MaxPerSweep = 500;

    public string Name => "TradeSweeper";

    public async Task RunAsync(FunctionContext context, CancellationToken cancellationToken)
    {
        var due = await store.DueAsync(clock.GetUtcNow(), MaxPerSweep, cancellationToken);
        if (due.Count > 0)
        {
            // Each message carries its trade's trace (not this sweep's), so the step runs in the trace the trade was opened under.
            var messages = due.Select(d => new TradeStepMessage(d.TradeId, d.TraceParent).ToJson()).ToArray();
            context.SetOutput("steps", JsonSerializer.SerializeToElement(messages, TradeStepJson.Default.JsonElementArray));
            context.Log(LogLevel.Debug, $"{due.Count} trades due");
        }
        await metrics.RefreshAsync(cancellationToken);
    }
}
