using System.Net;
using ChainTrader.Core.Risk;
using ChainTrader.Application.Chains;
using ChainTrader.Application.Trades;
using ChainTrader.Application.Telemetry;
using ChainTrader.Tests.Infrastructure;
using ChainTrader.Tests.Rpc;
using Microsoft.Extensions.DependencyInjection;

namespace ChainTrader.Tests.Telemetry;

/// <summary>GET /metrics against the running app: format, the seed list of metrics, and the values behind them.</summary>
public class MetricsEndpointTests
{
    public static readonly string[] SeedMetrics =
    [
        "trader_exposure_pct", "trader_open_positions", "trader_pending_orders", "trader_fill_ratio", "trader_fills_total",
        "trader_order_rejections_total", "trader_circuit_breaker_state", "trader_circuit_breaker_trips_total",
        "exchange_api_errors_total", "exchange_api_consecutive_errors", "trader_pnl_daily_usd", "trader_pnl_daily_pct",
        "trader_pnl_weekly_usd", "trader_pnl_weekly_pct", "trader_total_pnl_usd", "trader_total_pnl_pct",
    ];

    public static readonly string[] LatencyHistograms =
        ["trader_webhook_latency_seconds", "trader_rpc_latency_seconds", "trader_oracle_age_seconds", "trader_confirm_to_broadcast_seconds"];

    [Fact]
    public async Task ScrapeIsValidExpositionWithEverySeedMetricAndTheSourcesValues()
    {
        var trading = new FixedTradingMetrics(new TradingMetricsSnapshot(12.5m, 3, 1, 0.75m,
            new PnlFigures(-42.5m, -0.85m), new PnlFigures(120m, 2.4m), new PnlFigures(1000.25m, 10m)));
        // A node that answers, so the desk's start-up genesis check (whenever it runs) adds no fault to the figures below.
        await using var node = await RpcTestEndpoint.StartAsync(Responders.FakeChain(31337, 100));
        var settings = AppHost.BaseSettings();
        settings["CHAIN_DEVNET_RPC_URLS"] = node.Url.ToString();
        await using var app = await AppHost.StartAsync(settings, services: s => s.AddSingleton<ITradingMetricsSource>(trading));

        using var response = await app.Http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var metrics = PrometheusText.Parse(await response.Content.ReadAsStringAsync());
        foreach (var name in SeedMetrics) Assert.True(metrics.ContainsKey(name), $"{name} missing");
        foreach (var name in LatencyHistograms) Assert.Equal("histogram", metrics[name].Type);
        foreach (var name in SeedMetrics.Where(n => n.EndsWith("_total", StringComparison.Ordinal))) Assert.Equal("counter", metrics[name].Type);
        foreach (var name in SeedMetrics.Where(n => !n.EndsWith("_total", StringComparison.Ordinal))) Assert.Equal("gauge", metrics[name].Type);
        Assert.All(metrics.Values.Where(f => SeedMetrics.Contains(f.Name)), f => Assert.False(string.IsNullOrEmpty(f.Help)));

        Assert.Equal(12.5, Single(metrics, "trader_exposure_pct"));
        Assert.Equal(3, Single(metrics, "trader_open_positions"));
        Assert.Equal(1, Single(metrics, "trader_pending_orders"));
        Assert.Equal(0.75, Single(metrics, "trader_fill_ratio"));
        Assert.Equal(-42.5, Single(metrics, "trader_pnl_daily_usd"));
        Assert.Equal(-0.85, Single(metrics, "trader_pnl_daily_pct"));
        Assert.Equal(120, Single(metrics, "trader_pnl_weekly_usd"));
        Assert.Equal(2.4, Single(metrics, "trader_pnl_weekly_pct"));
        Assert.Equal(1000.25, Single(metrics, "trader_total_pnl_usd"));
        Assert.Equal(10, Single(metrics, "trader_total_pnl_pct"));
        // The devnet's one endpoint: breaker closed, no fault streak. The fake source reports no desk breakers.
        var state = Assert.Single(metrics["trader_circuit_breaker_state"].Samples);
        Assert.Equal(new Dictionary<string, string> { ["breaker"] = "rpc", ["chain"] = "devnet", ["endpoint"] = "0" }, state.Labels);
        Assert.Equal(0, state.Value);
        Assert.Equal(0, Assert.Single(metrics["exchange_api_consecutive_errors"].Samples).Value);
        Assert.All(metrics["trader_fills_total"].Samples, s => Assert.True(s.Value >= 0));
    }

    [Fact]
    public async Task TheDesksPnlBreakersAreReportedNextToTheRpcBreakers()
    {
        var trading = new FixedTradingMetrics(new TradingMetricsSnapshot(0m, 0, 0, null, default, default, default,
            [new BreakerState("breaker.daily_stop", 3.5m, 3m), new BreakerState("breaker.weekly_stop", 3.5m, 7m), new BreakerState("breaker.max_drawdown", 4m, 10m)]));
        await using var app = await AppHost.StartAsync(AppHost.BaseSettings(), services: s => s.AddSingleton<ITradingMetricsSource>(trading));

        var metrics = PrometheusText.Parse(await app.Http.GetStringAsync("/metrics"));

        var state = metrics["trader_circuit_breaker_state"].Samples.ToDictionary(s => s.Labels["breaker"] + s.Labels.GetValueOrDefault("endpoint"), s => s.Value);
        Assert.Equal(new Dictionary<string, double> { ["rpc0"] = 0, ["daily_stop"] = 1, ["weekly_stop"] = 0, ["max_drawdown"] = 0 }, state);
    }

    [Fact]
    public void ADeskBreakerTripCountsOnlyItsTransitionSeenByThisProcess()
    {
        BreakerState Daily(decimal loss) => new("breaker.daily_stop", loss, 3m);
        BreakerState Weekly(decimal loss) => new("breaker.weekly_stop", loss, 7m);

        Assert.Empty(DeskMetrics.NewlyTripped(null, [Daily(5m), Weekly(1m)])); // the first refresh is the baseline
        Assert.Empty(DeskMetrics.NewlyTripped([Daily(5m), Weekly(1m)], [Daily(6m), Weekly(1m)])); // still tripped
        Assert.Equal(["breaker.weekly_stop"], DeskMetrics.NewlyTripped([Daily(5m), Weekly(1m)], [Daily(5m), Weekly(7m)]).Select(b => b.Name));
        Assert.Equal(["breaker.daily_stop"], DeskMetrics.NewlyTripped([Daily(2.9m), Weekly(1m)], [Daily(3m), Weekly(1m)]).Select(b => b.Name));
    }

    [Fact]
    public async Task BeforeAnyTradeNothingIsOpenOrPendingAndTheFillRatioIsAbsent()
    {
        await using var app = await AppHost.StartAsync(AppHost.BaseSettings());

        var metrics = PrometheusText.Parse(await app.Http.GetStringAsync("/metrics"));

        foreach (var name in new[] { "trader_exposure_pct", "trader_open_positions", "trader_pending_orders", "trader_pnl_daily_usd", "trader_total_pnl_pct" })
            Assert.Equal(0, Single(metrics, name));
        Assert.Equal("gauge", metrics["trader_fill_ratio"].Type);
        Assert.Empty(metrics["trader_fill_ratio"].Samples);
    }

    [Fact]
    public async Task RpcExchangesFeedLatencyErrorsAndBreakerMetrics()
    {
        await using var node = await RpcTestEndpoint.StartAsync(Responders.FakeChain(31337, 100));
        await using var failing = await RpcTestEndpoint.StartAsync(Responders.Text(503, "overloaded"));
        var settings = AppHost.BaseSettings();
        settings["CHAIN_DEVNET_RPC_URLS"] = $"{node.Url}v3/key-one,{failing.Url}v3/key-two";
        await using var app = await AppHost.StartAsync(settings);
        var pool = app.Services.GetRequiredService<ChainRpcPools>().For("devnet");

        for (var i = 0; i < 5; i++) await pool.ProbeAsync(); // the default breaker opens after 5 consecutive faults

        var metrics = PrometheusText.Parse(await app.Http.GetStringAsync("/metrics"));
        var breaker = metrics["trader_circuit_breaker_state"].Samples.Where(s => s.Labels["breaker"] == "rpc").ToDictionary(s => s.Labels["endpoint"], s => s.Value);
        Assert.Equal(0, breaker["0"]);
        Assert.Equal(1, breaker["1"]);
        var streak = metrics["exchange_api_consecutive_errors"].Samples.ToDictionary(s => s.Labels["endpoint"], s => s.Value);
        Assert.Equal(0, streak["0"]);
        Assert.Equal(5, streak["1"]);
        Assert.Contains(metrics["trader_circuit_breaker_trips_total"].Samples,
            s => s.Labels.GetValueOrDefault("chain") == "devnet" && s.Labels["endpoint"] == "1" && s.Value >= 1);
        Assert.Contains(metrics["exchange_api_errors_total"].Samples,
            s => s.Labels.GetValueOrDefault("error_type") == "503" && s.Labels["server_address"] == "127.0.0.1" && s.Value >= 5);
        Assert.Contains(metrics["trader_rpc_latency_seconds"].Samples,
            s => s.Name == "trader_rpc_latency_seconds_count" && s.Labels.GetValueOrDefault("rpc_method") == "batch" && s.Value >= 10);
    }

    [Fact]
    public async Task OnlyGetIsServed()
    {
        await using var app = await AppHost.StartAsync(AppHost.BaseSettings());
        using var response = await app.Http.PostAsync("/metrics", new StringContent(""));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    internal static double Single(Dictionary<string, PrometheusFamily> metrics, string name) => Assert.Single(metrics[name].Samples).Value;

    private sealed class FixedTradingMetrics(TradingMetricsSnapshot snapshot) : ITradingMetricsSource
    {
        public TradingMetricsSnapshot Current => snapshot;
    }
}
