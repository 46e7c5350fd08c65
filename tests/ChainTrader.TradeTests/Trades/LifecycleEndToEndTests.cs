using System.Globalization;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Commands;
using ChainTrader.Tests.Contracts;
using ChainTrader.Tests.Infrastructure;
using Nethereum.RPC.Eth.DTOs;
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
            Assert.True(final.Confirmations >= 3, $"final after {final.Confirmations} confirmations; the chain needs 3 (more when the sweeper saw the head late)");

            // On-chain: exactly 200 USDC left the wallet and the WETH the receipt's logs reported arrived.
            var fill = final.Settlement!;
            Assert.Equal(FillKind.Chain, fill.Kind);
            Assert.Equal(200m, fill.QuoteAmount);
            Assert.Equal(usdcBefore - 200_000_000, await stack.BalanceAsync("USDC"));
            Assert.Equal(wethBefore + TokenUnits.ToRaw(fill.BaseQuantity, 18), await stack.BalanceAsync("WETH"));
            Assert.True(fill.BaseQuantity >= TokenUnits.ToHuman(final.Order!.AmountOutMinRaw, 18));

            // One chat message for the trade, edited to its final state: Confirm/Cancel gone, the filled card's sell and
            // refresh buttons in their place (issue 16).
            var message = await stack.BotMessageAsync(TradingStack.Trader, m => m.MessageId == quote.MessageId && m.Text.Contains("Final (3/3)"), Long, "the final edit");
            Assert.Equal(["sp:ETH:25", "sp:ETH:50", "sp:ETH:100", $"rf:{tradeId}"], message.Buttons.SelectMany(r => r).Select(b => b.CallbackData));
            Assert.Single(await stack.StandIn.BotMessagesAsync(TradingStack.Trader), m => m.Text.Contains(tradeId));

            // The ledger holds the position at the fill's cost.
            var (book, _) = await stack.Ledger.ReadAsync(ExecutionMode.Live, default);
            var position = Assert.Single(book.Positions);
            Assert.Equal("ETH", position.Symbol);
            Assert.Equal(fill.BaseQuantity, position.Quantity);
            var history = await stack.Store.HistoryAsync(tradeId, default);
            stack.Log(TradeStory.Render(final, history));
        });
    }

    [Fact]
    public async Task PaperFillsAtTheQuoteAndDryRunSignsAndSimulatesWithoutTouchingTheChain()
    {
        var chain = await DevnetChain.ConnectAsync();
        await chain.InSnapshotAsync(async () =>
        {
            await using var stack = await TradingStack.StartAsync(chain, s => s["EXECUTION_MODE"] = "PAPER", output: output);
            var usdcBefore = await stack.BalanceAsync("USDC");
            var nonceBefore = await chain.Rpc.GetTransactionCountAsync(stack.Wallet.ToLowerHex(), BlockParameter.CreatePending());

            var paperId = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy ETH 300")).UpdateId);
            var paperQuote = await stack.QuoteMessageAsync(paperId);
            Assert.Contains("Mode: PAPER", paperQuote.Text);
            await stack.PressAsync(paperQuote, confirm: true);
            var paper = await stack.WaitForTradeAsync(paperId, t => t.IsTerminal, Long);
            Assert.Equal(TradeState.Final, paper.State);
            Assert.Equal(ExecutionMode.Paper, paper.Mode);
            Assert.Equal(FillKind.Paper, paper.Settlement!.Kind);
            Assert.Equal(TokenUnits.ToHuman(paper.ExecutionQuote!.ExpectedOutRaw, 18), paper.Settlement.BaseQuantity);
            Assert.Empty(paper.Transactions);
            await stack.BotMessageAsync(TradingStack.Trader, m => m.MessageId == paperQuote.MessageId && m.Text.Contains("Filled (PAPER)"), Long, "the paper fill");
            var (book, _) = await stack.Ledger.ReadAsync(ExecutionMode.Paper, default);
            Assert.Equal(paper.Settlement.BaseQuantity, Assert.Single(book.Positions).Quantity);

            await stack.SetModeAsync(ExecutionMode.DryRun);
            var dryId = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/sell WBTC 0.01")).UpdateId);
            var dryQuote = await stack.QuoteMessageAsync(dryId);
            Assert.Contains("Mode: DRY_RUN", dryQuote.Text);
            await stack.PressAsync(dryQuote, confirm: true);
            var dry = await stack.WaitForTradeAsync(dryId, t => t.IsTerminal, Long);
            Assert.True(dry.State == TradeState.Simulated, $"dry run ended {dry.State}: {dry.Outcome}");
            var signed = Assert.Single(dry.Transactions);
            Assert.Equal(BroadcastStatus.Pending, signed.Status);
            Assert.Null(await chain.Rpc.GetTransactionByHashAsync(signed.Hash)); // signed, never sent
            var simulated = await stack.BotMessageAsync(TradingStack.Trader, m => m.MessageId == dryQuote.MessageId && m.Text.Contains("Simulated"), Long, "the simulation");
            // DRY_RUN sends nothing, so its card shows no transaction hash as if one had been sent (issue 16).
            Assert.DoesNotContain(signed.Hash, simulated.Text, StringComparison.OrdinalIgnoreCase);

            // Nothing moved on-chain: same balances, same nonce; the ledger only knows the paper fill.
            Assert.Equal(usdcBefore, await stack.BalanceAsync("USDC"));
            Assert.Equal(nonceBefore, await chain.Rpc.GetTransactionCountAsync(stack.Wallet.ToLowerHex(), BlockParameter.CreatePending()));
            (book, _) = await stack.Ledger.ReadAsync(ExecutionMode.Paper, default);
            Assert.Single(book.Positions);
        });
    }

    [Fact]
    public async Task AConfirmOrCancelAfterTheQuoteExpiredEndsTheTradeExpiredAtOnceAndSaysSo()
    {
        var chain = await DevnetChain.ConnectAsync();
        await chain.InSnapshotAsync(async () =>
        {
            // The grace outlasts the test: a trade that ends Expired here was ended by the late press, not by its timer.
            await using var stack = await StartWithQuoteTimingsAsync(chain, TimeSpan.FromSeconds(3), TimeSpan.FromMinutes(2));
            var nonceBefore = await chain.Rpc.GetTransactionCountAsync(stack.Wallet.ToLowerHex(), BlockParameter.CreatePending());

            var pressedId = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy ETH 200")).UpdateId);
            var quote = await stack.QuoteMessageAsync(pressedId);
            await PastTheExpiryAsync(stack, pressedId);
            Assert.Contains(TradeButtonHandler.ExpiredAnswer, TradingStack.Toast(await stack.PressAsync(quote, confirm: true)), StringComparison.Ordinal);
            var expired = await stack.WaitForTradeAsync(pressedId, t => t.IsTerminal, Long);
            Assert.Equal((TradeState.Expired, "quote expired before confirmation"), (expired.State, expired.Outcome));
            Assert.Empty((await stack.BotMessageAsync(TradingStack.Trader, m => m.MessageId == quote.MessageId && m.Text.Contains("Expired"), Long, "the expiry edit")).Buttons);

            var cancelledId = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy ETH 200")).UpdateId);
            await stack.QuoteMessageAsync(cancelledId);
            await PastTheExpiryAsync(stack, cancelledId);
            await stack.SendAsync($"/cancel {cancelledId}");
            await stack.BotMessageAsync(TradingStack.Trader,
                m => m.Text == $"Trade {cancelledId} was not cancelled: it ended Expired (quote expired before confirmation).", Long, "the /cancel reply");
            Assert.Equal(TradeState.Expired, (await stack.WaitForTradeAsync(cancelledId, t => t.IsTerminal, Long)).State);

            Assert.Equal(nonceBefore, await chain.Rpc.GetTransactionCountAsync(stack.Wallet.ToLowerHex(), BlockParameter.CreatePending()));
        });
    }

    private Task<TradingStack> StartWithQuoteTimingsAsync(DevnetChain chain, TimeSpan quoteTtl, TimeSpan pressArrivalGrace) =>
        TradingStack.StartAsync(chain, s =>
        {
            s["Trades:QuoteTtl"] = quoteTtl.ToString("c", CultureInfo.InvariantCulture);
            s["Trades:PressArrivalGrace"] = pressArrivalGrace.ToString("c", CultureInfo.InvariantCulture);
        }, output: output);

    /// <summary>Returns once the desk's clock (the system clock here) is past the trade's quote expiry.</summary>
    private static async Task PastTheExpiryAsync(TradingStack stack, string tradeId)
    {
        var expiresAt = (await stack.WaitForTradeAsync(tradeId, t => t.QuoteExpiresAt is not null, Long)).QuoteExpiresAt!.Value;
        await Until.TrueAsync(() => Task.FromResult(DateTimeOffset.UtcNow > expiresAt), Long, $"the expiry of {tradeId}'s quote");
    }

    [Fact]
    public async Task AQuoteExpiresACancelledTradeStaysCancelledAndOnlyItsTraderMayAnswer()
    {
        var chain = await DevnetChain.ConnectAsync();
        await chain.InSnapshotAsync(async () =>
        {
            // No app restarts here, so no press can be held back: a short wait for one keeps the expiry quick.
            await using var stack = await StartWithQuoteTimingsAsync(chain, TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2));
            var nonceBefore = await chain.Rpc.GetTransactionCountAsync(stack.Wallet.ToLowerHex(), BlockParameter.CreatePending());

            // Expiry: nobody presses; the sweeper expires the quote and the message says so, without buttons.
            var expiringId = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy ETH 200")).UpdateId);
            var expiring = await stack.QuoteMessageAsync(expiringId);
            var expired = await stack.WaitForTradeAsync(expiringId, t => t.IsTerminal, TimeSpan.FromSeconds(30));
            Assert.Equal(TradeState.Expired, expired.State);
            var edited = await stack.BotMessageAsync(TradingStack.Trader, m => m.MessageId == expiring.MessageId && m.Text.Contains("Expired"), Long, "the expiry");
            Assert.Empty(edited.Buttons); // nothing left to press

            // Another trader cannot confirm someone else's quote; the owner's Cancel button cancels it and the buttons go.
            var cancelledId = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy ETH 200")).UpdateId);
            var quote = await stack.QuoteMessageAsync(cancelledId);
            Assert.Contains("Only the trader who asked", TradingStack.Toast(await stack.PressAsync(quote, confirm: true, user: TradingStack.OtherTrader)));
            Assert.Contains("Cancelled", TradingStack.Toast(await stack.PressAsync(quote, confirm: false)));
            Assert.Equal(TradeState.Cancelled, (await stack.WaitForTradeAsync(cancelledId, t => t.IsTerminal, Long)).State);
            Assert.Empty((await stack.BotMessageAsync(TradingStack.Trader, m => m.MessageId == quote.MessageId && m.Text.Contains("Cancelled"), Long, "the cancel edit")).Buttons);

            // /cancel by id before submission.
            var commandId = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/sell ETH 0.05")).UpdateId);
            await stack.QuoteMessageAsync(commandId);
            await stack.SendAsync($"/cancel {commandId}");
            await stack.BotMessageAsync(TradingStack.Trader, m => m.Text == $"Trade {commandId} cancelled.", Long, "the /cancel reply");
            // The reply is the desk's decision; the stored trade follows once its orchestration has applied it.
            Assert.Equal(TradeState.Cancelled, (await stack.WaitForTradeAsync(commandId, t => t.IsTerminal, Long)).State);

            Assert.Equal(nonceBefore, await chain.Rpc.GetTransactionCountAsync(stack.Wallet.ToLowerHex(), BlockParameter.CreatePending()));
        });
    }
}
