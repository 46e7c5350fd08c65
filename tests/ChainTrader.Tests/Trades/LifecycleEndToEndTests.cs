using ChainTrader.Core.Trades;
using ChainTrader.Functions.Commands;
using ChainTrader.Tests.Contracts;
using ChainTrader.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Trades;

/// <summary>
/// Trades from command to final state on the devnet, driven through the Telegram stand-in as a trader would: the real
/// webhook, outbox, sweeper, oracle, signer and chain.
/// </summary>
[Collection(DevnetCollection.Name)]
public class LifecycleEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ALiveBuyGoesFromCommandToFinalWithBalancesCheckedOnChain()
    {
        var chain = await DevnetChain.ConnectAsync();
        await chain.InSnapshotAsync(async () =>
        {
            await using var stack = await TradingStack.StartAsync(chain, output: output);
            var usdcBefore = await stack.BalanceAsync("USDC");
            var wethBefore = await stack.BalanceAsync("WETH");

            var sent = await stack.SendAsync("/buy ETH 200");
            var tradeId = TradeCommandsHandler.TradeIdOf(sent.UpdateId);
            var quote = await stack.QuoteMessageAsync(tradeId);
            Assert.Contains("Buy ETH with 200 USDC", quote.Text);
            Assert.Contains("Mode: LIVE", quote.Text);

            var press = await stack.PressAsync(quote, confirm: true);
            Assert.Contains("Confirmed (LIVE)", TradingStack.Toast(press));
            var final = await stack.WaitForTradeAsync(tradeId, t => t.IsTerminal, Long, mineBlocks: true);
            Assert.Equal(TradeState.Final, final.State);
            Assert.Equal(3, final.Confirmations);

            // On-chain: exactly 200 USDC left the wallet and the WETH the receipt's logs reported arrived.
            var fill = final.Settlement!;
            Assert.Equal(FillKind.Chain, fill.Kind);
            Assert.Equal(200m, fill.QuoteAmount);
            Assert.Equal(usdcBefore - 200_000_000, await stack.BalanceAsync("USDC"));
            Assert.Equal(wethBefore + TokenUnits.ToRaw(fill.BaseQuantity, 18), await stack.BalanceAsync("WETH"));
            Assert.True(fill.BaseQuantity >= TokenUnits.ToHuman(final.Order!.AmountOutMinRaw, 18));

            // One chat message for the trade, edited to its final state, no buttons left.
            var message = await stack.BotMessageAsync(TradingStack.Trader, m => m.MessageId == quote.MessageId && m.Text.Contains("Confirmed (3/3)"), Long, "the final edit");
            Assert.Empty(message.Buttons);
            Assert.Single(await stack.StandIn.BotMessagesAsync(TradingStack.Trader), m => m.Text.Contains(tradeId));

            // The ledger holds the position at the fill's cost.
            var (book, _) = await stack.Ledger.ReadAsync(default);
            var position = Assert.Single(book.Positions);
            Assert.Equal("ETH", position.Symbol);
            Assert.Equal(fill.BaseQuantity, position.Quantity);
            var history = await stack.Store.HistoryAsync(tradeId, default);
            stack.Log(TradeStory.Render(final, history));
        });
    }
}
