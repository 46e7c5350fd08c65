using ChainTrader.Core.Risk;

namespace ChainTrader.Application.Telemetry;

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
