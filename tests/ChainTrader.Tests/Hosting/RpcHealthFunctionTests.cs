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
        await using var app = await AppHost.StartAsync(settings, ownTimers: false);

        var logs = await FunctionCalls.RunTimerAsync(app.Services, "RpcHealth");
        Assert.Contains(logs, l => l.Contains("devnet: 1/2 endpoints healthy", StringComparison.Ordinal));

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
