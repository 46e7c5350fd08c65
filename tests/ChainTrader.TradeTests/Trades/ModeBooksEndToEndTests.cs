using ChainTrader.Core.Chat;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Commands;
using ChainTrader.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Trades;

/// <summary>
/// PAPER and LIVE keep their own books (positions, PnL, breakers, limits), every view names the book it shows, and
/// <c>/sell all</c> sells the desk's position in the current mode's book, never the wallet's other funds; all through
/// the Telegram stand-in against the devnet.
/// </summary>
[Collection(DevnetCollection.Name)]
public class ModeBooksEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(120);

    [Fact]
    public Task ALiveSaleNeverTouchesThePaperBookAndEveryViewNamesItsBook() => TradingStack.InSnapshotAsync(output, async stack =>
        {
            await stack.SetModeAsync(ExecutionMode.Paper);
            var paperId = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy 300 ETH")).UpdateId);
            var paperQuote = await stack.QuoteMessageAsync(paperId);
            Assert.Contains("Mode: PAPER", paperQuote.Text);
            await stack.PressAsync(paperQuote, confirm: true);
            var paper = await stack.WaitForTradeAsync(paperId, t => t.IsTerminal, Long);
            Assert.Equal(FillKind.Paper, paper.Settlement!.Kind);
            // The ledger's fill is the terminal step's effect, recorded just after the step itself.
            await stack.WaitForFillsAsync(1, Long);
            var held = $"Holding {Shown(paper.Settlement.BaseQuantity)} ETH ·";
            var paperPositions = await ReplyAsync(stack, "/positions", IsEthCard);

            // LIVE starts from its own book: the PAPER position is not there.
            await stack.SetModeAsync(ExecutionMode.Live);
            var livePositions = await ReplyAsync(stack, "/positions", IsPositions);

            // A LIVE sale of wallet ETH settles in the LIVE book only.
            var sellId = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/sell 0.06 ETH")).UpdateId);
            var sellQuote = await stack.QuoteMessageAsync(sellId);
            Assert.Contains("Mode: LIVE", sellQuote.Text);
            await stack.PressAsync(sellQuote, confirm: true);
            var sold = await stack.WaitForTradeAsync(sellId, t => t.IsTerminal, Long, mineBlocks: true);
            Assert.True(sold.State == TradeState.Final, $"{sellId} ended {sold.State}: {sold.Outcome}");
            await stack.WaitForFillsAsync(2, Long);
            var livePnl = await ReplyAsync(stack, "/pnl all", m => m.Text.StartsWith("PnL all time", StringComparison.Ordinal));

            // Back in PAPER, the paper position is exactly what the paper fill bought.
            await stack.SetModeAsync(ExecutionMode.Paper);
            var paperAgain = await ReplyAsync(stack, "/positions", IsEthCard);
            var paperPnl = await ReplyAsync(stack, "/pnl all", m => m.Text.StartsWith("PnL all time", StringComparison.Ordinal));
            var risk = await ReplyAsync(stack, "/risk_summary", m => m.Text.Contains("Risk summary"), TradingStack.Admin);

            // The books: the LIVE sale left the PAPER position whole, and the PAPER buy never showed in LIVE.
            Assert.Contains(held, paperPositions.Text);
            Assert.Contains(held, paperAgain.Text);
            Assert.StartsWith("No open positions", livePositions.Text);
            Assert.Contains("over 1 fills", livePnl.Text);
            Assert.Contains("over 1 fills", paperPnl.Text);
            Assert.Contains("open positions 1 / max 5", risk.Text);
            // Every view names the book it shows.
            Assert.Contains("PAPER book", paperPositions.Text);
            Assert.StartsWith("No open positions in the LIVE book", livePositions.Text);
            Assert.Contains("LIVE book", livePnl.Text);
            Assert.Contains("PAPER book", paperAgain.Text);
            Assert.Contains("PAPER book", paperPnl.Text);
            Assert.Contains("PAPER book", risk.Text);
        });

    [Fact]
    public Task SellAllSellsTheDesksPositionInTheCurrentBookNeverTheWalletsOtherFunds() => TradingStack.InSnapshotAsync(output, async stack =>
        {
            // The wallet holds WETH the desk never bought: "all" does not offer it.
            var wethBefore = await stack.BalanceAsync("WETH");
            Assert.True(wethBefore > 0, "the devnet's trader wallet starts with WETH");
            await ExpectRefusalAsync(stack, "/sell all ETH", "There is no ETH position in the LIVE book to sell.");

            // After the desk buys, "all" is exactly that position: the wallet's earlier WETH stays where it was.
            var buyId = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy 300 ETH")).UpdateId);
            await stack.PressAsync(await stack.QuoteMessageAsync(buyId), confirm: true);
            var bought = (await stack.WaitForTradeAsync(buyId, t => t.State == TradeState.Final, Long, mineBlocks: true)).Settlement!.BaseQuantity;
            await stack.WaitForFillsAsync(1, Long);
            Assert.Equal(wethBefore + TokenUnits.ToRaw(bought, 18), await stack.BalanceAsync("WETH"));

            var allId = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/sell all ETH")).UpdateId);
            var allQuote = await stack.QuoteMessageAsync(allId);
            Assert.Contains($"Sell {ChatNumbers.Exact(bought)} ETH for USDC", allQuote.Text);
            await stack.PressAsync(allQuote, confirm: true);
            var all = await stack.WaitForTradeAsync(allId, t => t.IsTerminal, Long, mineBlocks: true);
            Assert.True(all.State == TradeState.Final, $"{allId} ended {all.State}: {all.Outcome}");
            Assert.Equal(bought, all.Settlement!.BaseQuantity);
            Assert.Equal(wethBefore, await stack.BalanceAsync("WETH"));
            await stack.WaitForFillsAsync(2, Long);
            await ExpectRefusalAsync(stack, "/sell all ETH", "There is no ETH position in the LIVE book to sell.");

            // A PAPER position sized for /sell all is never sold in LIVE: confirming after the mode changed cancels it.
            await stack.SetModeAsync(ExecutionMode.Paper);
            var paperId = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy 300 ETH")).UpdateId);
            await stack.PressAsync(await stack.QuoteMessageAsync(paperId), confirm: true);
            var paper = await stack.WaitForTradeAsync(paperId, t => t.IsTerminal, Long);
            Assert.Equal(FillKind.Paper, paper.Settlement!.Kind);
            var paperAllId = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/sell all ETH")).UpdateId);
            var paperAll = await stack.QuoteMessageAsync(paperAllId);
            Assert.Contains($"Sell {ChatNumbers.Exact(paper.Settlement.BaseQuantity)} ETH for USDC", paperAll.Text);
            await stack.SetModeAsync(ExecutionMode.Live);
            await stack.PressAsync(paperAll, confirm: true);
            var moved = await stack.WaitForTradeAsync(paperAllId, t => t.IsTerminal, Long);
            Assert.Equal(TradeState.Cancelled, moved.State);
            Assert.Contains("PAPER", moved.Outcome);
            Assert.Equal(wethBefore, await stack.BalanceAsync("WETH"));
            Assert.Empty((await stack.Store.GetAsync(paperAllId, default))!.Trade.Transactions);
        });

    private static bool IsPositions(StandInMessage message) =>
        message.Text.StartsWith("Positions", StringComparison.Ordinal) || message.Text.StartsWith("No open positions", StringComparison.Ordinal);

    /// <summary>The card /positions sends for the ETH position (after its summary).</summary>
    private static bool IsEthCard(StandInMessage message) => message.Text.StartsWith("ETH position", StringComparison.Ordinal);

    private static string Shown(decimal quantity) => ChatNumbers.Amount(quantity);

    /// <summary>Sends <paramref name="command"/> and returns the first bot message after it that matches.</summary>
    private static async Task<StandInMessage> ReplyAsync(TradingStack stack, string command, Func<StandInMessage, bool> match, long user = TradingStack.Trader)
    {
        var before = (await stack.StandIn.BotMessagesAsync(user)).Select(m => m.MessageId).DefaultIfEmpty(0).Max();
        await stack.SendAsync(command, user);
        return await stack.BotMessageAsync(user, m => m.MessageId > before && match(m), Long, $"the reply to {command}");
    }

    private static async Task ExpectRefusalAsync(TradingStack stack, string command, string reply)
    {
        var before = (await stack.StandIn.BotMessagesAsync(TradingStack.Trader)).Select(m => m.MessageId).DefaultIfEmpty(0).Max();
        var sent = await stack.SendAsync(command);
        await stack.BotMessageAsync(TradingStack.Trader, m => m.MessageId > before && m.Text.StartsWith(reply, StringComparison.Ordinal), Long, $"the refusal of {command}");
        Assert.Null(await stack.Store.GetAsync(TradeCommandsHandler.TradeIdOf(sent.UpdateId), default));
    }
}
