using System.Numerics;
using System.Text.Json.Nodes;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Chat;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Commands;
using ChainTrader.Application.Gates;
using ChainTrader.Application.Trades;
using ChainTrader.Tests.Contracts;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.RPC.Eth.DTOs;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Trades;

/// <summary>
/// LIVE /swap, /sell (part of a position, then all of it) and a swap that reverts on chain, each from the command typed
/// in the Telegram stand-in to its final state, with the wallet's balances read back from the devnet.
/// </summary>
[Collection(DevnetCollection.Name)]
public class LiveSwapAndSellEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(90);

    [Fact]
    public Task ALiveSwapGoesFromCommandToFinalWithBalancesCheckedOnChain() => TradingStack.InSnapshotAsync(output, async stack =>
        {
            var wethBefore = await stack.BalanceAsync("WETH");
            var wbtcBefore = await stack.BalanceAsync("WBTC");
            var usdcBefore = await stack.BalanceAsync("USDC");

            var (tradeId, quote) = await OpenAsync(stack, "/swap 0.5 WETH WBTC", "Sell 0.5 ETH for BTC");
            var final = await ConfirmToFinalAsync(stack, tradeId, quote);

            // On-chain: exactly 0.5 WETH left, the WBTC the receipt's logs reported arrived, USDC untouched.
            var fill = final.Settlement!;
            Assert.Equal(FillKind.Chain, fill.Kind);
            Assert.Equal(0.5m, fill.BaseQuantity);
            Assert.True(fill.QuoteAmount >= TokenUnits.ToHuman(final.Order!.AmountOutMinRaw, 8), $"got {fill.QuoteAmount} WBTC, min out {final.Order.AmountOutMinRaw}");
            Assert.Equal(wethBefore - TokenUnits.ToRaw(0.5m, 18), await stack.BalanceAsync("WETH"));
            Assert.Equal(wbtcBefore + TokenUnits.ToRaw(fill.QuoteAmount, 8), await stack.BalanceAsync("WBTC"));
            Assert.Equal(usdcBefore, await stack.BalanceAsync("USDC"));

            // /buy SYMBOL with TOKEN is the same swap, the amount in the paying token's units; cancelled before it trades.
            var (buyWithId, buyWithQuote) = await OpenAsync(stack, "/buy 0.1 WBTC with WETH", "Sell 0.1 ETH for BTC");
            await stack.PressAsync(buyWithQuote, confirm: false);
            Assert.Equal(TradeState.Cancelled, (await stack.WaitForTradeAsync(buyWithId, t => t.IsTerminal, Long)).State);
            Assert.Equal(wethBefore - TokenUnits.ToRaw(0.5m, 18), await stack.BalanceAsync("WETH"));

            // Requests the desk cannot carry out as written get a reply and open nothing.
            await ExpectRefusalAsync(stack, "/buy 10.1234567 ETH", "10.1234567 USDC cannot be spent exactly: USDC has 6 decimals.");
            await ExpectRefusalAsync(stack, "/buy 0.000000001 ETH with WBTC", "0.000000001 WBTC cannot be spent exactly: WBTC has 8 decimals.");
            await ExpectRefusalAsync(stack, "/buy 100 USDC", "USDC is what /buy pays with; name the token to buy (or pay with another: /buy AMOUNT USDC with TOKEN).");
            await ExpectRefusalAsync(stack, "/buy 1 WETH with ETH", "WETH cannot be swapped for itself; name two different tokens.");
            await ExpectRefusalAsync(stack, "/buy 1 DOGE", "DOGE is not tradable here; tokens: ");
        });

    [Fact]
    public Task ALiveSellOfPartOfAPositionThenOfAllOfItMovesExactlyThoseAmountsOnChain() => TradingStack.InSnapshotAsync(output, async stack =>
        {
            var (buyId, buyQuote) = await OpenAsync(stack, "/buy 300 ETH", "Buy ETH with 300 USDC");
            var bought = (await ConfirmToFinalAsync(stack, buyId, buyQuote)).Settlement!.BaseQuantity;
            Assert.Equal(TokenUnits.ToRaw(bought, 18), await stack.BalanceAsync("WETH"));

            // Part: exactly 0.04 WETH leaves, the USDC from the receipt's logs arrives, the position keeps the rest.
            var usdcBefore = await stack.BalanceAsync("USDC");
            var (partId, partQuote) = await OpenAsync(stack, "/sell 0.04 ETH", "Sell 0.04 ETH for USDC");
            var part = (await ConfirmToFinalAsync(stack, partId, partQuote)).Settlement!;
            Assert.Equal(0.04m, part.BaseQuantity);
            Assert.Equal(TokenUnits.ToRaw(bought - 0.04m, 18), await stack.BalanceAsync("WETH"));
            Assert.Equal(usdcBefore + TokenUnits.ToRaw(part.QuoteAmount, 6), await stack.BalanceAsync("USDC"));
            await stack.WaitForFillsAsync(2, Long);
            var (book, _) = await stack.Ledger.ReadAsync(ExecutionMode.Live, default);
            Assert.Equal(bought - 0.04m, Assert.Single(book.Positions).Quantity);

            // All: the desk's whole LIVE position, to the last wei (here all the WETH the wallet holds); the position is closed.
            usdcBefore = await stack.BalanceAsync("USDC");
            var (allId, allQuote) = await OpenAsync(stack, "/sell all ETH", $"Sell {ChatNumbers.Exact(bought - 0.04m)} ETH for USDC");
            var all = (await ConfirmToFinalAsync(stack, allId, allQuote)).Settlement!;
            Assert.Equal(bought - 0.04m, all.BaseQuantity);
            Assert.Equal(BigInteger.Zero, await stack.BalanceAsync("WETH"));
            Assert.Equal(usdcBefore + TokenUnits.ToRaw(all.QuoteAmount, 6), await stack.BalanceAsync("USDC"));
            await stack.WaitForFillsAsync(3, Long);
            (book, _) = await stack.Ledger.ReadAsync(ExecutionMode.Live, default);
            Assert.Empty(book.Positions);

            // Nothing is left to sell: the command says so and opens nothing.
            await ExpectRefusalAsync(stack, "/sell all ETH", "There is no ETH position in the LIVE book to sell.");
        }, before: WithoutWethAsync);

    /// <summary>The wallet starts without WETH, so the position the desk buys is all the ETH it holds.</summary>
    private static async Task WithoutWethAsync(DevnetChain chain)
    {
        var trader = chain.Key("trader");
        var weth = chain.Token("WETH");
        var alice = Address.Parse(chain.Manifest.Account("alice").Address);
        var held = await new Erc20(chain.Rpc, weth).BalanceOfAsync(trader.Address);
        Assert.True((await chain.SendAsync(Erc20.Transfer(weth, alice, held), trader)).Succeeded());
    }

    [Fact]
    public Task ALiveSwapFrontRunOnChainRevertsAndTheTraderIsToldTheDecodedReason()
    {
        var frontRunner = new FrontRunner();
        return TradingStack.InSnapshotAsync(output, async stack =>
        {
            var chain = frontRunner.Chain = stack.Chain;
            var wethBefore = await stack.BalanceAsync("WETH");
            var wbtcBefore = await stack.BalanceAsync("WBTC");

            var (tradeId, quote) = await OpenAsync(stack, "/swap 0.5 WETH WBTC", "Sell 0.5 ETH for BTC");
            frontRunner.TradeId = tradeId;
            await stack.PressAsync(quote, confirm: true);

            // The desk's swap reaches the mempool after the front-run was mined; mine it and follow the trade to its end.
            await frontRunner.Fired.WaitAsync(Long);
            await stack.WaitForTradeAsync(tradeId, t => t.State == TradeState.Submitted && t.Transactions.Count > 0
                                                        && t.Transactions[0].Status != BroadcastStatus.Pending, Long);
            var failed = await stack.WaitForTradeAsync(tradeId, t => t.IsTerminal, Long, mineBlocks: true);
            Assert.Equal(TradeState.Failed, failed.State);
            Assert.Equal("reverted: UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT", failed.Outcome);
            var receipt = Assert.IsType<TransactionReceipt>(await chain.Rpc.GetTransactionReceiptAsync(failed.Receipt!.TxHash));
            Assert.False(receipt.Succeeded());
            Assert.True(receipt.Height() > frontRunner.Block, "the front-run was mined before the desk's swap");

            // The trader reads why, in the trade's own message, with nothing left to press.
            var message = await stack.BotMessageAsync(TradingStack.Trader,
                m => m.MessageId == quote.MessageId && m.Text.Contains("Failed: reverted: UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT"), Long, "the failure");
            Assert.Empty(message.Buttons);

            // Only gas was spent: no token moved, the ledger books a gas-only fill and no position.
            Assert.Equal(FillKind.GasOnly, failed.Settlement!.Kind);
            Assert.Equal(wethBefore, await stack.BalanceAsync("WETH"));
            Assert.Equal(wbtcBefore, await stack.BalanceAsync("WBTC"));
            await stack.WaitForFillsAsync(1, Long);
            var (book, _) = await stack.Ledger.ReadAsync(ExecutionMode.Live, default);
            Assert.Empty(book.Positions);
            stack.Log(TradeStory.Render(failed, await stack.Store.HistoryAsync(tradeId, default)));
        }, services: s => s.AddSingleton<ITradeFaultInjector>(frontRunner));
    }

    [Fact]
    public Task AnEmergencyStopThatReachesATradeAfterItsSwapIsSignedSaysTheTradeIsMonitoredNotCancelled()
    {
        var hold = new SigningHold();
        return TradingStack.InSnapshotAsync(output, async stack =>
        {
            var gates = stack.App.Services.GetRequiredService<IRuntimeGates>();
            hold.Until = () => gates.CurrentAsync(CancellationToken.None).GetAwaiter().GetResult().EmergencyStop;
            var (tradeId, quote) = await OpenAsync(stack, "/buy 200 ETH", "Buy ETH with 200 USDC");
            hold.TradeId = tradeId;
            await stack.PressAsync(quote, confirm: true);

            // The stop finds the trade confirmed, before submission, so it raises its stop; the signing it was already in
            // goes on once the stop is stored, and the trade is submitted before the stop is applied, which it then refuses.
            await hold.Reached.WaitAsync(Long);
            await stack.SendAsync("/emergency_stop drill", TradingStack.Admin);
            var reply = await stack.BotMessageAsync(TradingStack.Admin, m => m.Text.Contains("not yet submitted were cancelled"), Long, "the stop reply");
            Assert.Contains("0 trade(s) not yet submitted were cancelled; 1 submitted trade(s) are still monitored.", reply.Text);

            var final = await stack.WaitForTradeAsync(tradeId, t => t.IsTerminal, Long, mineBlocks: true);
            Assert.True(final.State == TradeState.Final, $"{tradeId} ended {final.State}: {final.Outcome}");
        }, services: s => s.AddSingleton<ITradeFaultInjector>(hold));
    }

    [Fact]
    public Task ACancelThatReachesATradeWhileItsSwapIsBeingSignedSaysItWasNotCancelled()
    {
        var hold = new SigningHold();
        var cancelSent = 0;
        hold.Until = () => Volatile.Read(ref cancelSent) == 1;
        return TradingStack.InSnapshotAsync(output, async stack =>
        {
            var (tradeId, quote) = await OpenAsync(stack, "/buy 200 ETH", "Buy ETH with 200 USDC");
            hold.TradeId = tradeId;
            await stack.PressAsync(quote, confirm: true);

            // The /cancel finds the trade confirmed, before submission; the signing it was already in goes on, and the trade
            // is submitted, so the cancel is refused, whether it is raised before the orchestration applies the signature or after.
            await hold.Reached.WaitAsync(Long);
            await stack.SendAsync($"/cancel {tradeId}");
            Volatile.Write(ref cancelSent, 1);
            var reply = await stack.BotMessageAsync(TradingStack.Trader, m => m.Text.StartsWith($"Trade {tradeId}", StringComparison.Ordinal)
                                                                               && m.Text.Contains("cancel"), Long, "the /cancel reply");
            Assert.StartsWith($"Trade {tradeId} was not cancelled: ", reply.Text);

            var final = await stack.WaitForTradeAsync(tradeId, t => t.IsTerminal, Long, mineBlocks: true);
            Assert.True(final.State == TradeState.Final, $"{tradeId} ended {final.State}: {final.Outcome}");
        }, services: s => s.AddSingleton<ITradeFaultInjector>(hold));
    }

    private static async Task ExpectRefusalAsync(TradingStack stack, string command, string reply)
    {
        var sent = await stack.SendAsync(command);
        await stack.BotMessageAsync(TradingStack.Trader, m => m.Text.StartsWith(reply, StringComparison.Ordinal), Long, $"the refusal of {command}");
        Assert.Null(await stack.Store.GetAsync(TradeCommandsHandler.TradeIdOf(sent.UpdateId), default));
    }

    private static async Task<(string TradeId, StandInMessage Quote)> OpenAsync(TradingStack stack, string command, string header)
    {
        var tradeId = TradeCommandsHandler.TradeIdOf((await stack.SendAsync(command)).UpdateId);
        var quote = await stack.QuoteMessageAsync(tradeId);
        Assert.Contains(header, quote.Text);
        Assert.Contains("Mode: LIVE", quote.Text);
        return (tradeId, quote);
    }

    /// <summary>Confirms the quote, mines until the trade is final, and checks its one chat message was edited to say so.</summary>
    private static async Task<Trade> ConfirmToFinalAsync(TradingStack stack, string tradeId, StandInMessage quote)
    {
        Assert.Contains("Confirmed (LIVE)", TradingStack.Toast(await stack.PressAsync(quote, confirm: true)));
        var final = await stack.WaitForTradeAsync(tradeId, t => t.IsTerminal, Long, mineBlocks: true);
        Assert.True(final.State == TradeState.Final, $"{tradeId} ended {final.State}: {final.Outcome}");
        Assert.Equal(FillKind.Chain, final.Settlement!.Kind);
        var message = await stack.BotMessageAsync(TradingStack.Trader, m => m.MessageId == quote.MessageId && m.Text.Contains("Final (3/3)"), Long, $"the final edit of {tradeId}");
        // Confirm/Cancel are gone; a filled card offers the position's sell buttons and Refresh instead (issue 16).
        var symbol = final.Intent.Base.Symbol;
        Assert.Equal([$"sp:{symbol}:25", $"sp:{symbol}:50", $"sp:{symbol}:100", $"rf:{tradeId}"], message.Buttons.SelectMany(r => r).Select(b => b.CallbackData));
        return final;
    }

    /// <summary>
    /// A sandwich bot: just before the desk broadcasts the trade's swap, a large WETH→WBTC swap from the deployer is
    /// mined in a block of its own, moving the pool past the swap's amountOutMin; then the devnet stops mining on its
    /// own, so the desk's swap waits in the mempool as on a real chain and reverts in the next block the test mines.
    /// </summary>
    private sealed class FrontRunner : ITradeFaultInjector
    {
        private readonly TaskCompletionSource _fired = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _armed = 1;

        public DevnetChain? Chain { get; set; }
        public string? TradeId { get; set; }
        public ulong Block { get; private set; }
        public Task Fired => _fired.Task;

        public void Check(string point, string subject)
        {
            if (point != TradeFaultPoints.BeforeBroadcast || TradeId is null || subject != TradeId || Interlocked.Exchange(ref _armed, 0) == 0) return;
            try
            {
                Task.Run(FrontRunAsync).GetAwaiter().GetResult();
                _fired.TrySetResult();
            }
            catch (Exception ex)
            {
                _fired.TrySetException(ex); // the test fails with the front-run's own error
                throw;
            }
        }

        private async Task FrontRunAsync()
        {
            var chain = Chain ?? throw new InvalidOperationException("The front-runner has no chain.");
            var deployer = chain.Key("deployer");
            var path = new[] { chain.Token("WETH"), chain.Token("WBTC") };
            var swap = UniswapV2Router.SwapExactEthForTokens(chain.Router, TokenUnits.ToRaw(50m, 18), BigInteger.One, path,
                deployer.Address, DateTimeOffset.UtcNow.AddHours(1));
            var receipt = await chain.SendAsync(swap, deployer);
            Assert.True(receipt.Succeeded());
            Block = receipt.Height();
            await chain.Rpc.CallAsync(RpcCalls.Raw("evm_setAutomine", JsonValue.Create(false)));
        }
    }

    /// <summary>Holds the trade's signing, before it takes its nonces, until the test's condition holds.</summary>
    private sealed class SigningHold : ITradeFaultInjector
    {
        private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Func<bool> Until { get; set; } = () => true;
        public string? TradeId { get; set; }
        public Task Reached => _reached.Task;

        public void Check(string point, string subject)
        {
            if (point != TradeFaultPoints.BeforeNonce || TradeId is null || !subject.Contains(TradeId, StringComparison.Ordinal)) return;
            _reached.TrySetResult();
            var deadline = DateTime.UtcNow + Long;
            while (!Until())
            {
                if (DateTime.UtcNow > deadline) throw new TimeoutException("The hold's condition did not come true in time.");
                Thread.Sleep(50);
            }
        }
    }
}
