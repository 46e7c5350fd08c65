using ChainTrader.Core.Risk;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Gates;
using ChainTrader.Application.Telemetry;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Trades;

/// <summary>
/// The trading gauges from the ledger and the trade index, refreshed by every sweep (so a scrape never does I/O):
/// exposure and open positions at oracle prices, open trades, fill ratio over the last 24 h (chain and paper fills per
/// confirmed PAPER/LIVE trade), realised PnL today, this week and in total, and the desk's PnL breakers. A breaker that
/// this process sees go from untripped to tripped between two refreshes counts a trip
/// (<c>trader_circuit_breaker_trips_total{breaker="daily_stop"}</c> etc.); the first refresh only sets the baseline, so a
/// restart while a breaker is tripped counts nothing. The gauges show the book the current execution mode trades in.
/// </summary>
public sealed class DeskMetrics(LedgerStore ledger, TradeStore store, TradeEffectExecutor executor, IRuntimeGates gates, IOptions<TradingOptions> options,
    IOptions<RiskLimits> limits, TimeProvider clock) : ITradingMetricsSource
{
    private volatile TradingMetricsSnapshot _current = new(0m, 0, 0, null, default, default, default);

    public TradingMetricsSnapshot Current => _current;

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var mode = (await gates.CurrentAsync(cancellationToken)).Mode;
        var (portfolio, _) = await executor.PortfolioAsync(mode, now, cancellationToken);
        var (book, _) = await ledger.ReadAsync(mode, cancellationToken);
        var dayStart = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var weekStart = dayStart.AddDays(-(((int)dayStart.DayOfWeek + 6) % 7));
        var fills = await ledger.FillsAsync(mode, weekStart < now.AddDays(-1) ? weekStart : now.AddDays(-1), cancellationToken);
        var confirmed = await store.DeskTradesAsync(mode, now.AddDays(-1), cancellationToken);
        var filled = fills.Count(f => f.Fill.At >= now.AddDays(-1) && f.Fill.Kind != FillKind.GasOnly);
        var open = await store.OpenTradeIdsAsync(cancellationToken);

        decimal Realised(DateTimeOffset since) => fills.Where(f => f.Fill.At >= since).Sum(f => f.RealisedPnlUsd - f.Fill.GasUsd);
        static decimal Percent(decimal part, decimal whole) => whole <= 0 ? 0m : part / whole * 100m;
        var daily = Realised(dayStart);
        var weekly = Realised(weekStart);
        var total = book.RealisedPnlUsd - book.GasSpentUsd;
        var breakers = RiskRules.Breakers(portfolio, limits.Value);
        foreach (var tripped in NewlyTripped(_current.Breakers, breakers))
            ChainTraderTelemetry.CircuitBreakerTrips.Add(1, HostMetrics.DeskBreaker(tripped));
        _current = new TradingMetricsSnapshot(
            Percent(portfolio.AtRiskUsd, portfolio.NavUsd),
            portfolio.Positions.Count(p => p.NotionalUsd > 0),
            open.Count,
            confirmed.Count == 0 ? null : Math.Min(1m, (decimal)filled / confirmed.Count),
            new PnlFigures(daily, Percent(daily, portfolio.DayStartNavUsd)),
            new PnlFigures(weekly, Percent(weekly, portfolio.WeekStartNavUsd)),
            new PnlFigures(total, Percent(total, options.Value.CapitalUsd)),
            breakers);
    }

    /// <summary>The breakers tripped now that were untripped at the previous refresh (none on the first: it sets the baseline).</summary>
    internal static IEnumerable<BreakerState> NewlyTripped(IReadOnlyList<BreakerState>? before, IReadOnlyList<BreakerState> now) =>
        before is null ? [] : now.Where(b => b.Tripped && before.Any(p => p.Name == b.Name && !p.Tripped));
}
