using System.Text.Json.Nodes;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Commands;
using ChainTrader.Application.Operations;
using ChainTrader.Application.Storage;
using ChainTrader.Application.Trades;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Trades;

/// <summary>
/// Balance reconciliation in the real app with a LIVE trading wallet on the devnet: Housekeeping compares the wallet's
/// on-chain balances with its opening baseline plus the ledger's fills, and the alert sweep raises a difference.
/// </summary>
[Collection(DevnetCollection.Name)]
public class WalletReconciliationEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    // Tolerance 0: the expected balances must be exact to the wei, gas included.
    [Fact]
    public Task ALiveSwapReconcilesExactlyAndATransferOutsideTheDeskIsRaised() =>
        TradingStack.InSnapshotAsync(output, async stack =>
        {
            var chain = stack.Chain;
            var opening = await ReconcileAsync(stack);
            Assert.Matches(@"^Information: reconciliation devnet at block \d+: \d+ balances, 0 mismatched$", Assert.Single(opening));

            var tradeId = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy ETH 200")).UpdateId);
            await stack.PressAsync(await stack.QuoteMessageAsync(tradeId), confirm: true);
            // The press reaches the trade's orchestration as an event, a queue poll after the webhook took it.
            await stack.WaitForTradeAsync(tradeId, t => t.State != TradeState.AwaitingConfirmation, Wait);
            // Confirmed LIVE and not settled (3 confirmations, and nothing mines the next blocks yet): the chain may already
            // differ from the ledger, so the run is skipped (and retried a minute later) rather than reported.
            Assert.Contains("Information: reconciliation devnet: skipped, 1 trades in flight", await ReconcileAsync(stack));

            var final = await stack.WaitForTradeAsync(tradeId, t => t.IsTerminal, Wait, mineBlocks: true);
            Assert.Equal(TradeState.Final, final.State);
            Assert.Single(await stack.WaitForFillsAsync(1, Wait));
            var settled = await ReconcileUntilNotInFlightAsync(stack);
            Assert.Matches(@"^Information: reconciliation devnet at block \d+: \d+ balances, 0 mismatched$", settled);

            // 50 USDC leave the trading wallet in a plain ERC-20 transfer, not through the desk (paying gas as well).
            var usdc = chain.Token("USDC");
            var held = await stack.BalanceAsync("USDC");
            var moved = Units.FromDecimal(50m, chain.Manifest.Tokens["USDC"].Decimals);
            Assert.True((await chain.SendAsync(Erc20.Transfer(usdc, chain.Key("bob").Address, moved), chain.Key("trader"))).Succeeded());

            var after = Assert.Single(await ReconcileAsync(stack));
            Assert.Matches(@"^Information: reconciliation devnet at block \d+: \d+ balances, 2 mismatched$", after);
            var reconciler = stack.App.Services.GetRequiredService<BalanceReconciler>();
            var stored = Assert.Single(await reconciler.LatestAsync(default), r => r.Chain == "devnet");
            Assert.Equal(2, stored.MismatchCount);
            var usdcLine = new BalanceMismatch("USDC", stack.Wallet, usdc, chain.Manifest.Tokens["USDC"].Decimals, held, held - moved).Describe();
            Assert.Contains(usdcLine, stored.Mismatches.Split('\n'));
            Assert.Contains(stored.Mismatches.Split('\n'), l => l.StartsWith($"ETH of {stack.Wallet}: ledger ", StringComparison.Ordinal)); // the transfer's gas
            stack.Log(stored.Mismatches);

            await RunTimerAsync(stack, "AlertSweep");
            var alert = await stack.BotMessageAsync(TradingStack.Admin, m => m.Text.Contains("reconciliation.devnet", StringComparison.Ordinal), Wait, "the reconciliation alert");
            Assert.Contains("On-chain balances differ from the ledger on devnet", alert.Text);
            Assert.Contains("USDC of ", alert.Text);
        }, tweak: s => s["RECONCILIATION_TOLERANCE_BPS"] = "0");

    // The approval's gas is noted as pending before it is broadcast (nothing waits for its receipt: the swap is signed and
    // sent right behind it), and the reconciliation that first compares at or after its block charges it to the wallet.
    [Fact]
    public Task AnApprovalsGasNotedBeforeItsBroadcastIsChargedOnceMined() =>
        TradingStack.InSnapshotAsync(output, async stack =>
        {
            var opening = await ReconcileAsync(stack);
            Assert.Matches(@"^Information: reconciliation devnet at block \d+: \d+ balances, 0 mismatched$", Assert.Single(opening));

            await stack.Chain.Rpc.CallAsync(RpcCalls.Raw("evm_setAutomine", JsonValue.Create(false)));
            var tradeId = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy ETH 200")).UpdateId);
            await stack.PressAsync(await stack.QuoteMessageAsync(tradeId), confirm: true);
            await stack.WaitForTradeAsync(tradeId, t => t.IsTerminal || t.Transactions is [{ Status: BroadcastStatus.Accepted }], Wait);
            var approval = Assert.Single(await stack.Ledger.PendingGasAsync(default));
            Assert.Equal($"approve:{tradeId}", approval.Purpose);

            await stack.Chain.Rpc.CallAsync(RpcCalls.Raw("evm_setAutomine", JsonValue.Create(true)));
            var final = await stack.WaitForTradeAsync(tradeId, t => t.IsTerminal, Wait, mineBlocks: true);
            Assert.Equal(TradeState.Final, final.State);
            // The ledger's fill is the terminal step's effect, recorded just after the trade turns Final.
            await stack.WaitForFillsAsync(1, Wait);
            var receipt = await stack.Chain.Rpc.GetTransactionReceiptAsync(approval.TxHash);
            Assert.True(receipt?.Succeeded() == true, "the approval is mined");

            // A pending approval whose nonce was taken by another transaction long ago can never be mined: it is forgotten.
            // One broadcast just now is not, even though its nonce is taken too (its receipt may still be on its way).
            var neverMined = new PendingGas("0x" + new string('a', 64), 0, "approve:never-mined", DateTimeOffset.UtcNow.AddHours(-1));
            var recent = new PendingGas("0x" + new string('b', 64), 0, "approve:recent", DateTimeOffset.UtcNow);
            await stack.Ledger.ExpectGasAsync(neverMined, default);
            await stack.Ledger.ExpectGasAsync(recent, default);

            var settled = await ReconcileUntilNotInFlightAsync(stack);
            Assert.Matches(@"^Information: reconciliation devnet at block \d+: \d+ balances, 0 mismatched$", settled);
            var charged = Assert.Single(await stack.Ledger.GasChargesAsync(0, default));
            Assert.Equal(new GasCharge(approval.TxHash, (long)receipt!.Height(), receipt.GasCost()), charged);
            Assert.Equal([recent.TxHash], (await stack.Ledger.PendingGasAsync(default)).Select(p => p.TxHash));
        }, tweak: s => s["RECONCILIATION_TOLERANCE_BPS"] = "0");

    /// <summary>Runs Housekeeping now as the app's scheduler would, with the reconciliation job made due; its reconciliation lines.</summary>
    private static async Task<IReadOnlyList<string>> ReconcileAsync(TradingStack stack)
    {
        var jobs = await stack.App.Services.GetRequiredService<AppTables>().GetAsync(Housekeeping.TableName, default);
        for (var attempt = 0; ; attempt++)
        {
            await jobs.DeleteAsync("jobs", Housekeeping.ReconciliationJob);
            // The app's own minute timer may have claimed the job in between (the function leaves "not due" out); then ask again.
            // It may also have been reconciling when the claim was deleted: both runs then log, and at one block they must
            // log the same line, so a repeat is one reconciliation seen twice (two different lines still fail the caller).
            var lines = (await RunTimerAsync(stack, "Housekeeping")).Where(l => l.Contains("reconciliation", StringComparison.Ordinal)).Distinct().ToList();
            if (lines.Count > 0 || attempt == 3) return lines;
        }
    }

    private static async Task<string> ReconcileUntilNotInFlightAsync(TradingStack stack)
    {
        var deadline = DateTimeOffset.UtcNow + Wait;
        while (true)
        {
            var lines = await ReconcileAsync(stack);
            if (!lines.Any(l => l.Contains("in flight", StringComparison.Ordinal)) || DateTimeOffset.UtcNow > deadline) return Assert.Single(lines);
            await Task.Delay(300);
        }
    }

    private static Task<IReadOnlyList<string>> RunTimerAsync(TradingStack stack, string name) => FunctionCalls.RunTimerAsync(stack.App.Services, name);
}
