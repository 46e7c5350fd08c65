using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ChainTrader.Application.Telemetry;

/// <summary>
/// The app's tracing and event instruments, in one place so any code can record without DI. Metric names are the
/// seed list's (Prometheus style, seconds for latencies); state gauges that read live sources (trading ledger, RPC
/// pools) are not here but in <see cref="HostMetrics"/>, registered per host. Tag values are never secrets: RPC
/// endpoints appear as host names or pool indexes, never as URLs.
/// </summary>
public static class ChainTraderTelemetry
{
    /// <summary>Name of the <see cref="ActivitySource"/> and <see cref="Meter"/> (and of the OpenTelemetry source/meter to subscribe to).</summary>
    public const string Name = "ChainTrader";

    private static readonly string? Version = typeof(ChainTraderTelemetry).Assembly.GetName().Version?.ToString();

    public static readonly ActivitySource ActivitySource = new(Name, Version);

    public static readonly Meter Meter = new(Name, Version);

    public static readonly Counter<long> Fills = Meter.CreateCounter<long>(
        "trader_fills_total", "{fill}", "Orders filled on-chain (confirmed swaps).");

    public static readonly Counter<long> OrderRejections = Meter.CreateCounter<long>(
        "trader_order_rejections_total", "{order}", "Orders rejected by risk rules, the chain or the trader's confirmation timeout.");

    public static readonly Counter<long> CircuitBreakerTrips = Meter.CreateCounter<long>(
        "trader_circuit_breaker_trips_total", "{trip}", "Times a circuit breaker opened (tags: breaker, chain, endpoint).");

    public static readonly Counter<long> ExchangeApiErrors = Meter.CreateCounter<long>(
        "exchange_api_errors_total", "{error}", "Failed RPC HTTP exchanges: transport errors, timeouts and non-2xx answers (tags: server.address, error.type).");

    public static readonly Counter<long> WebhookUpdatesDropped = Meter.CreateCounter<long>(
        "trader_webhook_updates_dropped_total", "{update}", "Webhook updates with the right secret that the bot could not use and dropped (tag: reason).");

    public static readonly Histogram<double> WebhookLatency = Meter.CreateHistogram(
        "trader_webhook_latency_seconds", "s", "Time to answer a Telegram webhook request.", advice: Seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10));

    public static readonly Histogram<double> RpcLatency = Meter.CreateHistogram(
        "trader_rpc_latency_seconds", "s", "Duration of one JSON-RPC HTTP exchange (tags: server.address, rpc.method).", advice: Seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30));

    public static readonly Histogram<double> OracleAge = Meter.CreateHistogram(
        "trader_oracle_age_seconds", "s", "Age of an oracle answer when it was read (tag: feed).", advice: Seconds(1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600));

    public static readonly Histogram<double> ConfirmToBroadcast = Meter.CreateHistogram(
        "trader_confirm_to_broadcast_seconds", "s", "Time from a trader's confirmation to the swap's broadcast.", advice: Seconds(0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60));

    private static InstrumentAdvice<double> Seconds(params double[] boundaries) => new() { HistogramBucketBoundaries = boundaries };
}
