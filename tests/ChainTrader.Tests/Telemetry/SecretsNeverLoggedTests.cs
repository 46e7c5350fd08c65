using System.Data.Common;
using System.Net;
using System.Text;
using ChainTrader.Tests.Infrastructure;
using ChainTrader.Tests.Rpc;

namespace ChainTrader.Tests.Telemetry;

/// <summary>
/// Runs the app with distinctive secrets through health, readiness, webhooks (wrong and right secret), a timer
/// invocation that calls RPC endpoints whose URLs carry API keys, and /metrics; every log line at every level, every
/// response, the /metrics text and every OTLP export are then searched for each secret.
/// </summary>
[Collection(DevnetCollection.Name)]
public class SecretsNeverLoggedTests
{
    [Fact]
    public async Task NoSecretAppearsInLogsResponsesMetricsOrExportedTelemetry()
    {
        var devnet = await LocalStack.DevnetAsync();
        var azurite = await LocalStack.AzuriteAsync();
        await using var node = await RpcTestEndpoint.StartAsync(Responders.Forward(devnet.RpcUrl));
        await using var collector = await OtlpRecorder.StartAsync();
        var closed = RpcTestEndpoint.ClosedPort();

        const string botToken = "7340021:AAH-SECRET-bot-token-Qz81";
        const string webhookSecret = "SECRET_webhook_Kp3vL9";
        const string wrongSecret = "SECRET_guess_Wm2x";
        const string forwardKey = "SECRETKEYforward2b7";
        const string closedKey = "SECRETKEYclosed9d4";
        const string otlpKey = "SECRET-otlp-ingest-key-51";
        const string functionKey = "SECRET-function-key-c3";
        var accountKey = new DbConnectionStringBuilder { ConnectionString = azurite.ConnectionString }["AccountKey"].ToString()!;
        string[] secrets = [botToken, webhookSecret, wrongSecret, forwardKey, closedKey, otlpKey, functionKey, accountKey];

        // /readyz asks the Bot API (getMe, the token in its URL): the stand-in answers for Telegram with this token.
        await using var telegram = await TelegramStandIn.StartAsync(botToken);
        var settings = telegram.AppSettings();
        settings["TELEGRAM_WEBHOOK_SECRET"] = webhookSecret;
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        settings["CHAIN_DEVNET_RPC_URLS"] = $"{closed}v3/{closedKey},{node.Url}v3/{forwardKey}";
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url.ToString();
        settings["OTEL_EXPORTER_OTLP_HEADERS"] = $"x-api-key={otlpKey}";
        settings["LATENCY_WARN_MS"] = "1"; // every webhook answer and RPC exchange also takes the latency-warning path
        settings["Logging:LogLevel:Default"] = "Trace";
        var logs = new LogCapture();
        var responses = new StringBuilder();

        var app = await AppHost.StartAsync(settings, ownTimers: false, logs.AddTo);
        try
        {
            async Task Send(HttpRequestMessage request, HttpStatusCode expected)
            {
                using (request)
                using (var response = await app.Http.SendAsync(request))
                {
                    responses.AppendLine(await response.Content.ReadAsStringAsync());
                    Assert.Equal(expected, response.StatusCode);
                }
            }
            HttpRequestMessage Webhook(string secret)
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = new StringContent("""{"update_id":4242}""", Encoding.UTF8, "application/json") };
                request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
                request.Headers.Add("traceparent", TracePropagationTests.NewTraceparent().Traceparent);
                return request;
            }

            await Send(new HttpRequestMessage(HttpMethod.Get, "/healthz"), HttpStatusCode.OK);
            await Send(new HttpRequestMessage(HttpMethod.Get, "/readyz"), HttpStatusCode.OK);
            await Send(Webhook(wrongSecret), HttpStatusCode.Unauthorized);
            await Send(Webhook(webhookSecret), HttpStatusCode.OK);
            await FunctionCalls.RunTimerAsync(app.Services, "RpcHealth");
            await Send(new HttpRequestMessage(HttpMethod.Get, $"/metrics?code={functionKey}"), HttpStatusCode.OK);
        }
        finally
        {
            await app.DisposeAsync(); // flushes the OTLP exporters
        }

        // The run went through the paths that could leak: RPC calls to both keyed URLs, faults, latency warnings, exports.
        Assert.True(node.Requests > 0);
        Assert.Contains(logs.Lines, l => l.Message.Contains("RPC endpoint http://127.0.0.1:", StringComparison.Ordinal) && l.Message.Contains("/***", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Message.StartsWith("RPC eth_chainId,eth_blockNumber to 127.0.0.1 took", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Message.StartsWith("Webhook answered 401", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Debug);
        Assert.Contains(collector.Posts, p => p.Path == "/v1/traces");
        Assert.Contains(collector.Posts, p => p.Path == "/v1/metrics");
        Assert.All(collector.Posts, p => Assert.Equal(otlpKey, p.Headers["x-api-key"]));
        Assert.Contains("trader_rpc_latency_seconds_count", responses.ToString());
        // Telegram.Bot called the Bot API (the token in the URL) on the app's HttpClient, so its logging was scanned too.
        Assert.Contains(await telegram.CallsAsync("getMe"), c => c.Ok);

        foreach (var secret in secrets)
        {
            var leaks = logs.Lines.Where(l => l.AllText.Contains(secret, StringComparison.Ordinal)).Select(l => $"{l.Category}: {l.Message}").ToList();
            Assert.True(leaks.Count == 0, $"secret {Describe(secret)} logged in: {string.Join(" | ", leaks)}");
            Assert.DoesNotContain(secret, responses.ToString(), StringComparison.Ordinal);
            var bytes = Encoding.UTF8.GetBytes(secret);
            Assert.DoesNotContain(collector.Posts, p => p.Body.AsSpan().IndexOf(bytes) >= 0);
        }
    }

    private static string Describe(string secret) => secret.Length <= 8 ? "(short)" : secret[..6] + "…";
}
