using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Commands;
using ChainTrader.Application.Storage;
using ChainTrader.Application.Telemetry;
using ChainTrader.Application.Trades;
using ChainTrader.Tests.Contracts;
using ChainTrader.Tests.Infrastructure;
using ChainTrader.Tests.Trades;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Telemetry;

/// <summary>
/// Issue 7's "done when": a LIVE trade opened by a webhook that carries a traceparent, confirmed by a button press (a
/// request in another trace) and driven to final by its orchestration keeps the webhook's trace id on every stored event,
/// log line, RPC span and Telegram send of the trade; afterwards /metrics shows every named metric with plausible values.
/// </summary>
[Collection(DevnetCollection.Name)]
public class TradeTelemetryEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ALiveTradeKeepsTheWebhooksTraceAndFeedsEveryNamedMetric()
    {
        var chain = await DevnetChain.ConnectAsync();
        await chain.InSnapshotAsync(async () =>
        {
            var logs = new LogCapture();
            using var spans = new SpanRecorder();
            await using var stack = await TradingStack.StartAsync(chain, services: logs.AddTo, output: output);
            var (traceId, _, traceparent) = TracePropagationTests.NewTraceparent();

            // The opening update comes straight to the webhook (as Telegram would send it) with the caller's traceparent.
            var updateId = 900_000_000L + Random.Shared.Next(1_000_000);
            using (var response = await PostUpdateAsync(stack.App, updateId, "/buy ETH 200", traceparent))
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var tradeId = TradeCommandsHandler.TradeIdOf(updateId);
            var quote = await stack.QuoteMessageAsync(tradeId);
            Assert.Contains("Mode: LIVE", quote.Text);

            // The press arrives through the stand-in without a traceparent: a request in a trace of its own.
            await stack.PressAsync(quote, confirm: true);
            var final = await stack.WaitForTradeAsync(tradeId, t => t.IsTerminal, Long, mineBlocks: true);
            Assert.Equal(TradeState.Final, final.State);
            await stack.WaitForFillsAsync(1, Long);
            await stack.BotMessageAsync(TradingStack.Trader, m => m.MessageId == quote.MessageId && m.Text.Contains("Final (3/3)"), Long, "the final edit");

            // (a) Every stored event of the trade carries the webhook's trace id, those its orchestration's activities wrote included.
            var events = await EventRowsAsync(stack, tradeId);
            Assert.True(events.Count >= 5, $"only {events.Count} events stored");
            Assert.All(events, e => Assert.Equal(traceId, e.GetString("TraceId")));
            var traced = spans.WithTrace(traceId);
            Assert.Contains(traced, s => s.DisplayName == "trade save");
            Assert.Contains(traced, s => s.DisplayName == "trade effect");
            Assert.Contains(traced, s => s.Kind == ActivityKind.Client && s.GetTagItem(TelemetryTags.RpcSystem) is not null);
            Assert.Contains(traced, s => s.DisplayName.StartsWith("telegram ", StringComparison.Ordinal) && s.Kind == ActivityKind.Client);

            // (b) The trade's log lines carry it: the desk's, and those of its orchestration's activities.
            var tradeLines = logs.Lines.Where(l => l.AllText.Contains(tradeId, StringComparison.Ordinal)
                                                   && l.Category.StartsWith("ChainTrader.Application.Trades.", StringComparison.Ordinal)).ToList();
            Assert.Contains(tradeLines, l => l.Category == typeof(TradeDesk).FullName && l.Message.Contains("opened", StringComparison.Ordinal));
            Assert.Contains(tradeLines, l => l.Category == typeof(SaveTradeStepActivity).FullName && l.Message.Contains("Final", StringComparison.Ordinal));
            Assert.All(tradeLines, l => Assert.True(l.Scope("TraceId") == traceId, $"not in the trade's trace: {l.AllText}"));

            // (c) /metrics once AlertSweep (every 30 s) has refreshed the gauges after the settlement.
            var metrics = await ScrapeWhenAsync(stack.App, m => Value(m, "trader_open_positions") == 1 && Value(m, "trader_pending_orders") == 0);
            foreach (var name in MetricsEndpointTests.SeedMetrics) Assert.True(metrics.ContainsKey(name), $"{name} missing");
            foreach (var name in MetricsEndpointTests.LatencyHistograms) Assert.Equal("histogram", metrics[name].Type);

            Assert.True(metrics["trader_fills_total"].Samples.Sum(s => s.Value) >= 1);
            Assert.True(Value(metrics, "trader_exposure_pct") is > 0 and < 1, "200 USD of ETH is 0.2 % of the 100 000 USD desk");
            Assert.True(Value(metrics, "trader_fill_ratio") is > 0 and <= 1);
            var breakers = metrics["trader_circuit_breaker_state"].Samples;
            Assert.All(breakers, s => Assert.Equal(0, s.Value));
            Assert.Equal(["daily_stop", "max_drawdown", "rpc", "weekly_stop"], breakers.Select(s => s.Labels["breaker"]).Distinct().Order());
            Assert.All(metrics["exchange_api_consecutive_errors"].Samples, s => Assert.Equal(0, s.Value));
            // A buy realises no PnL; only its gas (a few cents on the devnet) counts against today.
            foreach (var name in new[] { "trader_pnl_daily_usd", "trader_pnl_weekly_usd", "trader_total_pnl_usd" })
                Assert.True(Value(metrics, name) is <= 0 and > -50, $"{name} = {Value(metrics, name)}");
            foreach (var name in new[] { "trader_pnl_daily_pct", "trader_pnl_weekly_pct", "trader_total_pnl_pct" })
                Assert.True(Value(metrics, name) is <= 0 and > -0.05, $"{name} = {Value(metrics, name)}");
            foreach (var name in MetricsEndpointTests.LatencyHistograms)
                Assert.True(Count(metrics, name) > 0, $"{name} recorded nothing");
        });
    }

    /// <summary>A trader's message posted to the webhook as Telegram would, carrying the caller's W3C trace context.</summary>
    internal static async Task<HttpResponseMessage> PostUpdateAsync(AppHost app, long updateId, string text, string traceparent)
    {
        var update = JsonSerializer.Serialize(new
        {
            update_id = updateId,
            message = new
            {
                message_id = updateId % 1_000_000 + 500_000,
                from = new { id = TradingStack.Trader, is_bot = false, first_name = "Trader" },
                chat = new { id = TradingStack.Trader, type = "private" },
                date = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                text,
            },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = new StringContent(update, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", AppHost.WebhookSecret);
        request.Headers.Add("traceparent", traceparent);
        return await app.Http.SendAsync(request);
    }

    /// <summary>The trade's history rows as stored (the entry JSON does not hold the trace id; the row does).</summary>
    private static async Task<IReadOnlyList<TableRow>> EventRowsAsync(TradingStack stack, string tradeId)
    {
        var table = await stack.App.Services.GetRequiredService<AppTables>().GetAsync(TradeStore.TradesTable, default);
        var filter = TableFilter.PartitionKeyEquals(tradeId).And(TableFilter.GreaterThanOrEqual("RowKey", "e")).And(TableFilter.LessThan("RowKey", "f"));
        var rows = new List<TableRow>();
        await foreach (var row in table.QueryAsync(filter)) rows.Add(row);
        return rows;
    }

    private static async Task<Dictionary<string, PrometheusFamily>> ScrapeWhenAsync(AppHost app, Func<Dictionary<string, PrometheusFamily>, bool> ready)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(75);
        while (true)
        {
            var metrics = PrometheusText.Parse(await app.Http.GetStringAsync("/metrics"));
            if (ready(metrics) || DateTimeOffset.UtcNow > deadline) return metrics;
            await Task.Delay(500);
        }
    }

    private static double Value(Dictionary<string, PrometheusFamily> metrics, string name) => MetricsEndpointTests.Single(metrics, name);

    private static double Count(Dictionary<string, PrometheusFamily> metrics, string histogram) =>
        metrics[histogram].Samples.Where(s => s.Name == histogram + "_count").Sum(s => s.Value);
}
