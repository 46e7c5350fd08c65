using System.Diagnostics.Metrics;
using ChainTrader.Application.Chains;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Risk;
using Polly.CircuitBreaker;

namespace ChainTrader.Application.Telemetry;

/// <summary>
/// The state gauges of this host: trading figures from <see cref="ITradingMetricsSource"/> and RPC circuit state from the
/// pools. They live on a meter named <see cref="ChainTraderTelemetry.Name"/> created through this host's
/// <see cref="IMeterFactory"/>, so each host (and each test app in one process) reports only its own state.
/// </summary>
public sealed class HostMetrics
{
    public HostMetrics(IMeterFactory meters, ITradingMetricsSource trading, ChainRpcPools pools)
    {
        Meter = meters.Create(ChainTraderTelemetry.Name);

        Meter.CreateObservableGauge("trader_exposure_pct", () => (double)trading.Current.ExposurePercent, "%", "Capital at risk in open positions, percent of NAV.");
        Meter.CreateObservableGauge("trader_open_positions", () => trading.Current.OpenPositions, "{position}", "Positions currently held.");
        Meter.CreateObservableGauge("trader_pending_orders", () => trading.Current.PendingOrders, "{order}", "Orders awaiting confirmation, broadcast or finality.");
        Meter.CreateObservableGauge("trader_fill_ratio", () => FillRatio(trading.Current), "1", "Fills divided by order attempts (absent before the first attempt).");
        Meter.CreateObservableGauge("trader_pnl_daily_usd", () => (double)trading.Current.Daily.Usd, "USD", "Realized PnL today (UTC), USD.");
        Meter.CreateObservableGauge("trader_pnl_daily_pct", () => (double)trading.Current.Daily.Percent, "%", "Realized PnL today, percent of the day's starting NAV.");
        Meter.CreateObservableGauge("trader_pnl_weekly_usd", () => (double)trading.Current.Weekly.Usd, "USD", "Realized PnL this week, USD.");
        Meter.CreateObservableGauge("trader_pnl_weekly_pct", () => (double)trading.Current.Weekly.Percent, "%", "Realized PnL this week, percent of the week's starting NAV.");
        Meter.CreateObservableGauge("trader_total_pnl_usd", () => (double)trading.Current.Total.Usd, "USD", "Cumulative realized PnL, USD.");
        Meter.CreateObservableGauge("trader_total_pnl_pct", () => (double)trading.Current.Total.Percent, "%", "Cumulative realized PnL, percent of initial capital.");

        Meter.CreateObservableGauge("trader_circuit_breaker_state",
            () => PerEndpoint(pools, h => h.Circuit == CircuitState.Closed ? 0 : 1, RpcBreaker).Concat(DeskBreakers(trading.Current)), "1",
            "Circuit breaker state: 0 closed (calls flow / buys allowed), 1 tripped (RPC endpoint open, half-open or isolated; desk PnL stop reached).");
        Meter.CreateObservableGauge("exchange_api_consecutive_errors", () => PerEndpoint(pools, h => h.ConsecutiveFailures), "{error}",
            "Consecutive faults of each RPC endpoint (0 after any answer).");
    }

    public Meter Meter { get; }

    private static IEnumerable<Measurement<double>> FillRatio(TradingMetricsSnapshot snapshot) =>
        snapshot.FillRatio is { } ratio ? [new Measurement<double>((double)ratio)] : [];

    /// <summary>The desk's PnL breakers (daily stop, weekly stop, max drawdown), tagged <c>breaker="daily_stop"</c> etc.</summary>
    private static IEnumerable<Measurement<int>> DeskBreakers(TradingMetricsSnapshot snapshot) =>
        (snapshot.Breakers ?? []).Select(b => new Measurement<int>(b.Tripped ? 1 : 0, DeskBreaker(b)));

    /// <summary>The tag a desk PnL breaker carries on both breaker instruments: its rule name without the "breaker." prefix.</summary>
    internal static KeyValuePair<string, object?> DeskBreaker(BreakerState breaker) =>
        new(TelemetryTags.Breaker, breaker.Name.StartsWith("breaker.", StringComparison.Ordinal) ? breaker.Name["breaker.".Length..] : breaker.Name);

    /// <summary>Tags the RPC endpoint breakers carry on both breaker instruments.</summary>
    internal static readonly KeyValuePair<string, object?> RpcBreaker = new(TelemetryTags.Breaker, "rpc");

    /// <summary>One measurement per endpoint of every chain, tagged with the chain and the endpoint's index (never its URL).</summary>
    private static IEnumerable<Measurement<int>> PerEndpoint(ChainRpcPools pools, Func<RpcEndpointHealth, int> value, params KeyValuePair<string, object?>[] tags) =>
        pools.All.SelectMany(entry => entry.Pool.GetHealth().Select(health => new Measurement<int>(value(health),
            [.. tags, EndpointTags.Chain(entry.Chain.Name), EndpointTags.Index(health.Index)])));
}

/// <summary>The tags that identify one RPC endpoint in metrics.</summary>
internal static class EndpointTags
{
    public static KeyValuePair<string, object?> Chain(string chain) => new(TelemetryTags.Chain, chain);

    public static KeyValuePair<string, object?> Index(int index) => new(TelemetryTags.Endpoint, index);
}
