using System.Net;
using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Chains;
using ChainTrader.Application.Chains;
using ChainTrader.Application.Commands;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Trades;

/// <summary>The desk refuses to trade on a chain its stored state does not belong to (another genesis hash).</summary>
[Collection(DevnetCollection.Name)]
public class ChainStateGuardTests(ITestOutputHelper output)
{
    private const string Genesis = "0x1111111111111111111111111111111111111111111111111111111111111111";

    [Fact]
    public void FirstRunRecordsSameChainMatchesAnotherGenesisOrChainIdIsAMismatchThatSaysWhatToDo()
    {
        var observed = new ChainIdentity(31337, Genesis);
        Assert.Equal(ChainStateMatch.FirstSeen, ChainStateRules.Judge("devnet", null, observed).Match);
        Assert.Equal(ChainStateMatch.Matches, ChainStateRules.Judge("devnet", observed with { GenesisHash = Genesis.ToUpperInvariant().Replace("0X", "0x") }, observed).Match);

        var restarted = ChainStateRules.Judge("devnet", observed with { GenesisHash = "0x22" + Genesis[4..] }, observed);
        Assert.Equal(ChainStateMatch.Mismatch, restarted.Match);
        Assert.False(restarted.TradingAllowed);
        Assert.Contains("genesis 0x22111111…1111", restarted.Summary);
        Assert.Contains("restarted devnet", restarted.Summary);
        Assert.Contains("./run.sh", restarted.Summary);

        var otherNetwork = ChainStateRules.Judge("devnet", new ChainIdentity(1, Genesis), observed);
        Assert.Equal(ChainStateMatch.Mismatch, otherNetwork.Match);
        Assert.Contains("chain id 1", otherNetwork.Summary);
        Assert.Contains("AzureWebJobsStorage", otherNetwork.Summary);
    }

    [Fact]
    public async Task StorageRecordedForAnotherGenesisOpensNoTradeFailsReadyzAndAlertsAdminsOnce()
    {
        await TradingStack.InSnapshotAsync(output, async stack =>
        {
            // The first start recorded this devnet's genesis; rewrite the record as a previous chain's would read.
            var tables = new TableAccount(new HttpClient(), StorageConnection.Parse(stack.Azurite.ConnectionString),
                Options.Create(new TableStorageOptions()), NullLogger<TableAccount>.Instance, TimeProvider.System);
            var table = tables.GetTable(ChainStateGuard.TableName);
            var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
            while (await table.GetAsync("chain", "devnet") is null)
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, "the desk never recorded the devnet's genesis");
                await Task.Delay(200);
            }
            await table.UpsertAsync(new TableRow("chain", "devnet").Set("ChainId", 31337L).Set("GenesisHash", Genesis), TableUpdateMode.Replace);
            await stack.RestartAsync();

            var sent = await stack.SendAsync("/buy 200 ETH");
            var refusal = await stack.BotMessageAsync(TradingStack.Trader, m => m.Text.Contains("Trading refused"), TimeSpan.FromSeconds(30), "the refusal");
            Assert.Contains("genesis 0x11111111…1111", refusal.Text);
            Assert.Null(await stack.Store.GetAsync(TradeCommandsHandler.TradeIdOf(sent.UpdateId), default));
            Assert.Empty(await stack.Store.OpenTradeIdsAsync(default));

            using var ready = await stack.App.Http.GetAsync("/readyz");
            var body = await ready.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Contains("chain-state", body);
            Assert.Contains("genesis 0x11111111", body);

            var alert = await stack.BotMessageAsync(TradingStack.Admin, m => m.Text.Contains("chain_state.devnet"), TimeSpan.FromSeconds(90), "the chain-state alert");
            Assert.Contains("Trading on devnet is refused", alert.Text);
            Assert.Single(await stack.StandIn.BotMessagesAsync(TradingStack.Admin), m => m.Text.Contains("chain_state.devnet"));
        });
    }
}
