using System.Net;
using System.Text.Json;
using ChainTrader.Tests.Infrastructure;
using ChainTrader.Tests.Rpc;

namespace ChainTrader.Tests.Hosting;

/// <summary>/readyz checks storage and every chain's RPC now; a stopped dependency turns it 503 with the reason.</summary>
[Collection(DevnetCollection.Name)]
public class ReadinessTests
{
    [Fact]
    public async Task ReadyWhileAzuriteAndTheDevnetServe_NotReadyWithTheReasonWhenEitherStops()
    {
        var devnet = await LocalStack.DevnetAsync();
        // Our own Azurite and a proxy in front of the devnet, so stopping them leaves the shared ones running.
        var azurite = await AzuriteServer.StartAsync();
        var rpcProxy = await RpcTestEndpoint.StartAsync(Responders.Forward(devnet.RpcUrl));
        await using var telegram = await TelegramStandIn.StartAsync();
        var settings = telegram.AppSettings(azurite.ConnectionString);
        settings["CHAIN_DEVNET_RPC_URLS"] = rpcProxy.Url.ToString();
        settings["READINESS_TIMEOUT_S"] = "3";
        await using var app = await AppHost.StartAsync(settings);

        var (status, report) = await GetAsync(app, "/readyz");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ready", report.GetProperty("status").GetString());
        Assert.Equal(["chain-state", "durable-engine", "oracle", "rpc", "storage", "telegram"],
            report.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Order());
        Assert.True(Check(report, "durable-engine").GetProperty("healthy").GetBoolean());
        Assert.Contains("devnet: 1/1 endpoints healthy", Check(report, "rpc").GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, "/health")).Status);
        Assert.Equal(HttpStatusCode.OK, (await app.Http.GetAsync("/healthz")).StatusCode);

        await rpcProxy.DisposeAsync();
        (status, report) = await GetAsync(app, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.False(Check(report, "rpc").GetProperty("healthy").GetBoolean());
        Assert.Contains("devnet: no healthy endpoint", Check(report, "rpc").GetProperty("detail").GetString());
        Assert.True(Check(report, "storage").GetProperty("healthy").GetBoolean());

        await azurite.DisposeAsync();
        (status, report) = await GetAsync(app, "/readyz");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.False(Check(report, "storage").GetProperty("healthy").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(Check(report, "storage").GetProperty("detail").GetString()));
        // Liveness does not depend on anything outside the process.
        Assert.Equal(HttpStatusCode.OK, (await app.Http.GetAsync("/healthz")).StatusCode);
    }

    [Fact]
    public async Task NotReadyNamingTelegramWhileTheBotApiIsUnreachable()
    {
        var devnet = await LocalStack.DevnetAsync();
        var azurite = await LocalStack.AzuriteAsync();
        const string token = "5550123:AAH-SECRET-readiness-token_x9";
        await using var telegram = await TelegramStandIn.StartAsync(token);
        var settings = telegram.AppSettings(azurite.ConnectionString);
        settings["CHAIN_DEVNET_RPC_URLS"] = devnet.RpcUrl.ToString();
        settings["ORACLE_TRADING_SYMBOLS"] = "none";
        settings["READINESS_TIMEOUT_S"] = "2";
        var logs = new LogCapture();
        await using var app = await AppHost.StartAsync(settings, services: logs.AddTo);

        var (status, report) = await GetAsync(app, "/readyz");
        Assert.True(status == HttpStatusCode.OK, report.ToString());
        Assert.True(Check(report, "telegram").GetProperty("healthy").GetBoolean());
        Assert.NotEmpty(await telegram.CallsAsync("getMe"));

        // The Bot API goes away: /readyz turns 503 naming Telegram (a brief cache may hold the last success).
        await telegram.DisposeAsync();
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        do
        {
            (status, report) = await GetAsync(app, "/readyz");
            if (status == HttpStatusCode.ServiceUnavailable || DateTimeOffset.UtcNow > deadline) break;
            await Task.Delay(250);
        } while (true);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var check = Check(report, "telegram");
        Assert.False(check.GetProperty("healthy").GetBoolean());
        Assert.Contains("Telegram", check.GetProperty("detail").GetString());
        Assert.True(Check(report, "storage").GetProperty("healthy").GetBoolean());
        Assert.DoesNotContain(token, report.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token.Split(':')[1], string.Join("\n", logs.Texts), StringComparison.Ordinal);
    }

    private static JsonElement Check(JsonElement report, string name) =>
        report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static async Task<(HttpStatusCode Status, JsonElement Report)> GetAsync(AppHost app, string path)
    {
        using var response = await app.Http.GetAsync(path);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
