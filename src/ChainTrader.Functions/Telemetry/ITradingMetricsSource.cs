using ChainTrader.Core.Risk;

namespace ChainTrader.Functions.Telemetry;

/// <summary>
/// Where the trading gauges (exposure, positions, orders, fill ratio, PnL) read their values. The trade ledger implements
/// it; <see cref="Current"/> is read on every /metrics scrape and every metric export, synchronously, so it must return
/// state already in memory (a snapshot the ledger refreshes), never do I/O.
/// </summary>
public interface ITradingMetricsSource
{
    TradingMetricsSnapshot Current { get; }
}

/// <summary>Realized profit and loss over one period, in USD and in percent of the period's starting NAV.</summary>
public readonly record struct PnlFigures(decimal Usd, decimal Percent);

/// <summary>
/// The trading state the gauges report. Percentages are 0-100. <see cref="FillRatio"/> is fills / attempts (0-1), null
/// while there have been no attempts (then the gauge reports nothing rather than a made-up number). <see cref="Breakers"/>
/// are the desk's PnL breakers (daily stop, weekly stop, max drawdown; empty until the ledger was first read).
/// </summary>
public sealed record TradingMetricsSnapshot(
    decimal ExposurePercent,
    int OpenPositions,
    int PendingOrders,
    decimal? FillRatio,
    PnlFigures Daily,
    PnlFigures Weekly,
    PnlFigures Total,
    IReadOnlyList<BreakerState>? Breakers = null);
