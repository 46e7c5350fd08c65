namespace ChainTrader.Application.Telemetry;

/// <summary>
/// Where the trading gauges (exposure, positions, orders, fill ratio, PnL) read their values. The trade ledger implements
/// it; <see cref="Current"/> is read on every /metrics scrape and every metric export, synchronously, so it must return
/// state already in memory (a snapshot the ledger refreshes), never do I/O.
/// </summary>
public interface ITradingMetricsSource
{
    TradingMetricsSnapshot Current { get; }
}
