using System.Net;
using System.Text;
using System.Text.Json;
using ChainTrader.Adapters.Storage;
using ChainTrader.Tests.Infrastructure;
using ChainTrader.Tests.Rpc;
using Microsoft.Extensions.DependencyInjection;

namespace ChainTrader.Tests.Hosting;

/// <summary>RpcHealth end to end, invoked the way the Functions host invokes a timer function.</summary>
[Collection(DevnetCollection.Name)]
public class RpcHealthFunctionTests
{
    [Fact]
    public async Task HostTimerInvocationProbesEveryEndpointAndRecordsTheResult()
    {
        var devnet = await LocalStack.DevnetAsync();
        var azurite = await LocalStack.AzuriteAsync();
        await using var garbage = await RpcTestEndpoint.StartAsync(Responders.Garbage());
        var settings = AppHost.BaseSettings();
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        settings["CHAIN_DEVNET_RPC_URLS"] = $"{devnet.RpcUrl},{garbage.Url}";
        await using var app = await AppHost.StartAsync(settings, customHandler: true);

        var payload = $$"""
            { "Data": { "timer": { "Schedule": { "AdjustForDST": false }, "ScheduleStatus": null, "IsPastDue": false } },
              "Metadata": { "sys": { "MethodName": "RpcHealth", "UtcNow": "{{DateTimeOffset.UtcNow:O}}", "RandGuid": "{{Guid.NewGuid()}}" } } }
            """;
        using var response = await app.Http.PostAsync("/RpcHealth", new StringContent(payload, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(JsonValueKind.Object, body.GetProperty("Outputs").ValueKind);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("ReturnValue").ValueKind);
        Assert.Contains(body.GetProperty("Logs").EnumerateArray(), l => l.GetString()!.Contains("devnet: 1/2 endpoints healthy"));

        var table = app.Services.GetRequiredService<TableAccount>().GetTable("RpcHealth");
        var rows = await table.QueryAsync(TableFilter.PartitionKeyEquals("devnet")).ToListAsync();
        Assert.Equal(2, rows.Count);
        var healthy = rows.Single(r => r.GetString("Url") == $"{devnet.RpcUrl.Scheme}://{devnet.RpcUrl.Authority}/");
        Assert.True(healthy.GetBoolean("Healthy"));
        Assert.Equal(31337, healthy.GetInt64("ReportedChainId"));
        Assert.True(healthy.GetInt64("HeadBlock") > 0);
        var broken = rows.Single(r => r != healthy);
        Assert.False(broken.GetBoolean("Healthy"));
        Assert.False(string.IsNullOrEmpty(broken.GetString("LastError")));
    }
}
