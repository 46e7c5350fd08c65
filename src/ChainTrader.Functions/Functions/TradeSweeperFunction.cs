using ChainTrader.Functions.Trades;
using Microsoft.Azure.Functions.Worker;
using ChainTrader.Functions.Hosting;

namespace ChainTrader.Functions.Functions;

/// <summary>
/// Every 5 s: a `trade-steps` message for every open trade whose next step is due (timeouts, receipt and confirmation
/// polling, rebroadcasts, fee bumps), so no trade depends on a message another step sent. Each message carries the trace
/// its trade was opened under. Also refreshes the trading gauges.
/// </summary>
public sealed class TradeSweeperFunction(TradeStore store, DeskMetrics metrics, HintQueues queues, TimeProvider clock, ILogger<TradeSweeperFunction> logger)
{
    /// <summary>At most this many trades per sweep; the rest are next (earliest due first).</summary>
    public const int MaxPerSweep = 500;

    [Function("TradeSweeper")]
    public async Task RunAsync([TimerTrigger("*/5 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var due = await store.DueAsync(clock.GetUtcNow(), MaxPerSweep, cancellationToken);
        if (due.Count > 0)
        {
            // Each message carries its trade's trace (not this sweep's), so the step runs in the trace the trade was opened under.
            foreach (var trade in due)
                await queues.SendAsync(TradeStepMessage.QueueName, new TradeStepMessage(trade.TradeId, trade.TraceParent).ToJson(), cancellationToken);
            logger.LogDebug("{Count} trades due", due.Count);
        }
        await metrics.RefreshAsync(cancellationToken);
    }
}
