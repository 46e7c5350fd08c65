using System.Data.Common;
using System.Net;
using System.Text.Json;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Commands;
using ChainTrader.Functions.Telemetry;
using ChainTrader.Tests.Contracts;
using ChainTrader.Tests.Infrastructure;
using ChainTrader.Tests.Rpc;
using ChainTrader.Tests.Trades;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Telemetry;

/// <summary>
/// Application Insights export against a local stand-in of the ingestion endpoint (nothing leaves the machine): a LIVE
/// trade opened by a webhook carrying a traceparent shows up as requests, dependencies and log messages that all carry
/// the webhook's trace id as their operation id, metrics arrive too, and no envelope holds an RPC key or any other secret.
/// </summary>
[Collection(DevnetCollection.Name)]
public class ApplicationInsightsExportTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    static ApplicationInsightsExportTests()
    {
        // The exporter's own usage statistics (Statsbeat) go to Microsoft's endpoints whatever the connection string says,
        // after asking the cloud instance-metadata address; this test must not send anything off the machine.
        Environment.SetEnvironmentVariable("APPLICATIONINSIGHTS_STATSBEAT_DISABLED", "true");
    }

    [Fact]
    public async Task OneTradesTraceIdRunsThroughTheExportedRequestsDependenciesAndLogs()
    {
        var chain = await DevnetChain.ConnectAsync();
        await using var ingestion = await IngestionStandIn.StartAsync();
        await using var node = await RpcTestEndpoint.StartAsync(Responders.Forward(chain.Devnet.RpcUrl));
        const string rpcKey = "SECRETKEYappinsights7f3";
        var instrumentationKey = Guid.NewGuid().ToString();

        await chain.InSnapshotAsync(async () =>
        {
            var stack = await TradingStack.StartAsync(chain, s =>
            {
                s["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ingestion.ConnectionString(instrumentationKey);
                s["CHAIN_DEVNET_RPC_URLS"] = $"{node.Url}v3/{rpcKey}";
                s["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
            }, output: output);
            string[] secrets;
            string traceId, tradeId;
            try
            {
                Assert.Equal(ingestion.Url, stack.App.Services.GetRequiredService<TelemetryPipeline>().AzureMonitorIngestion);
                var settings = stack.Settings();
                secrets = [rpcKey, settings["TELEGRAM_BOT_TOKEN"]!, settings["TELEGRAM_WEBHOOK_SECRET"] ?? AppHost.WebhookSecret, AppHost.WebhookSecret,
                    settings["SIGNER_PRIVATE_KEY"]!, settings["SIGNER_PRIVATE_KEY"]!.Replace("0x", "", StringComparison.Ordinal),
                    new DbConnectionStringBuilder { ConnectionString = settings["AzureWebJobsStorage"] }["AccountKey"].ToString()!];
                (traceId, _, var traceparent) = TracePropagationTests.NewTraceparent();

                var updateId = 910_000_000L + Random.Shared.Next(1_000_000);
                using (var response = await TradeTelemetryEndToEndTests.PostUpdateAsync(stack.App, updateId, "/buy ETH 200", traceparent))
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                tradeId = TradeCommandsHandler.TradeIdOf(updateId);
                var quote = await stack.QuoteMessageAsync(tradeId);
                await stack.PressAsync(quote, confirm: true);
                var final = await stack.WaitForTradeAsync(tradeId, t => t.IsTerminal, Long, mineBlocks: true);
                Assert.Equal(TradeState.Final, final.State);
                Assert.True(node.Requests > 0, "the trade's RPC went through the keyed URL");

                // Exports are batched (spans and logs every few seconds, metrics every second here): wait for the trade's.
                await WaitForAsync(() =>
                {
                    var traced = ingestion.Envelopes.Where(e => e.OperationId == traceId).ToList();
                    return traced.Any(e => e.BaseType == "RequestData")
                           && traced.Any(e => e.BaseType == "RemoteDependencyData" && e.BaseData.GetProperty("name").GetString()!.StartsWith("telegram ", StringComparison.Ordinal))
                           && traced.Any(e => e.BaseType == "MessageData")
                           && ingestion.Envelopes.Any(e => e.BaseType == "MetricData");
                });
            }
            finally
            {
                await stack.DisposeAsync();
            }

            var envelopes = ingestion.Envelopes;
            var trade = envelopes.Where(e => e.OperationId == traceId).ToList();
            output.WriteLine($"{envelopes.Count} envelopes, {trade.Count} in the trade's operation: " +
                             string.Join(", ", trade.GroupBy(e => e.BaseType).Select(g => $"{g.Key} {g.Count()}")));

            // The webhook request that opened the trade, under the caller's trace.
            Assert.Contains(trade, e => e.BaseType == "RequestData" && e.BaseData.GetProperty("name").GetString()!.Contains("/telegram/webhook", StringComparison.Ordinal));
            // The trade's RPC traffic (host and port only) and its Telegram sends continue that trace.
            var rpc = trade.Where(e => e.BaseType == "RemoteDependencyData" && e.RawJson.Contains("jsonrpc", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(rpc);
            Assert.Contains(trade, e => e.BaseType == "RemoteDependencyData" && e.BaseData.GetProperty("name").GetString()!.StartsWith("telegram ", StringComparison.Ordinal));
            // The trade's log lines, e.g. the desk's "opened".
            Assert.Contains(trade, e => e.BaseType == "MessageData" && e.BaseData.GetProperty("message").GetString()!.Contains(tradeId, StringComparison.Ordinal));
            Assert.Contains(envelopes, e => e.BaseType == "MetricData" && e.RawJson.Contains("trader_", StringComparison.Ordinal));
            Assert.All(envelopes, e => Assert.Equal(instrumentationKey, JsonDocument.Parse(e.RawJson).RootElement.GetProperty("iKey").GetString()));

            // Nothing but ingestion was asked of the stand-in, and no envelope carries the RPC URL's key or another secret.
            Assert.All(ingestion.Requests, r => Assert.Equal("POST /v2.1/track", r));
            foreach (var secret in secrets)
                Assert.DoesNotContain(envelopes, e => e.RawJson.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(envelopes, e => e.RawJson.Contains("/v3/", StringComparison.Ordinal));
        });
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow + Long;
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException("the trade's telemetry did not arrive in time");
            await Task.Delay(200);
        }
    }
}
