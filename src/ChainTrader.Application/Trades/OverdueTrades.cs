using System.Globalization;
using ChainTrader.Core.Trades;
using Microsoft.DurableTask.Client;

namespace ChainTrader.Application.Trades;

/// <summary>
/// The pure decision behind the <c>trades.overdue</c> alert: which open trades their orchestration no longer moves. A trade
/// is overdue when its orchestration is gone (missing, failed, terminated, or completed while the trade is still open), or
/// when it is still in a state later than its <see cref="TradeTimings"/> let it stay there, by more than a grace that
/// covers activity retries and durable retry waits. Included has no such bound (a slow chain may keep it counting
/// confirmations), so only its orchestration's status is judged there.
/// </summary>
public static class OverdueTrades
{
    /// <param name="trades">Open trades with their orchestration's status, read after it (null: no such instance).</param>
    public static IReadOnlyList<OverdueTrade> Find(IEnumerable<(Trade Trade, OrchestrationRuntimeStatus? Status)> trades, TradeTimings timings,
        TimeSpan grace, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(trades);
        ArgumentNullException.ThrowIfNull(timings);
        var overdue = new List<OverdueTrade>();
        foreach (var (trade, status) in trades)
        {
            if (trade.IsTerminal) continue;
            if (Stopped(trade, status, grace, now) is { } stopped)
                overdue.Add(new OverdueTrade(trade.Id, trade.State, stopped));
            else if (MustMoveBy(trade, timings) is { } by && now >= by + grace)
                overdue.Add(new OverdueTrade(trade.Id, trade.State,
                    $"still {trade.State} {Minutes(now - by)} after its timings say it must have moved (at {Time(by)})"));
        }
        return overdue;
    }

    /// <summary>When the state machine must have moved the trade out of its current state at the latest; null without such a bound.</summary>
    public static DateTimeOffset? MustMoveBy(Trade trade, TradeTimings timings)
    {
        ArgumentNullException.ThrowIfNull(trade);
        ArgumentNullException.ThrowIfNull(timings);
        return trade.State switch
        {
            TradeState.Requested or TradeState.RiskChecked => trade.OpenedAt + timings.OpenTimeout,
            TradeState.AwaitingConfirmation => (trade.QuoteExpiresAt ?? trade.StateSince + timings.QuoteTtl) + timings.PressArrivalGrace,
            TradeState.Confirmed => trade.StateSince + timings.ConfirmTimeout,
            // The swap deadline is the last bound: past it plus a mine timeout the trade fails unless a receipt moved it on.
            TradeState.Submitted => (trade.Order?.DeskDeadline ?? trade.StateSince + timings.SwapDeadline) + timings.MineTimeout,
            _ => null,
        };
    }

    private static string? Stopped(Trade trade, OrchestrationRuntimeStatus? status, TimeSpan grace, DateTimeOffset now) => status switch
    {
        OrchestrationRuntimeStatus.Failed => "its orchestration failed",
        OrchestrationRuntimeStatus.Terminated => "its orchestration was terminated",
        // A trade is stored before its orchestration is scheduled, and saved terminal before the orchestration completes:
        // only a gap that outlasts the grace is real.
        null when now >= trade.UpdatedAt + grace => "it has no orchestration",
        OrchestrationRuntimeStatus.Completed when now >= trade.UpdatedAt + grace => "its orchestration completed with the trade still open",
        _ => null,
    };

    private static string Minutes(TimeSpan span) => span.TotalMinutes.ToString("0.#", CultureInfo.InvariantCulture) + " min";

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " UTC";
}
