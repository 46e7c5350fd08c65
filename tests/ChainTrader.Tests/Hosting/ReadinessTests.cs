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
        var settings = AppHost.BaseSettings();
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        settings["CHAIN_DEVNET_RPC_URLS"] = rpcProxy.Url.ToString();
        settings["READINESS_TIMEOUT_S"] = "3";
        await using var app = await AppHost.StartAsync(settings);

        var (status, report) = await GetAsync(app, "/readyz");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ready", report.GetProperty("status").GetString());
        Assert.Equal(["chain-state", "oracle", "rpc", "storage"], report.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Order());
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

    private static JsonElement Check(JsonElement report, string name) =>
        report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static async Task<(HttpStatusCode Status, JsonElement Report)> GetAsync(AppHost app, string path)
    {
        using var response = await app.Http.GetAsync(path);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}
