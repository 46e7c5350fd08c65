using System.Text.Json.Nodes;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Commands;
using ChainTrader.Application.Trades;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.RPC.Eth.DTOs;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Trades;

/// <summary>A nonce gap left by a transaction the network dropped is healed, and the next trade fills within its timeout.</summary>
[Collection(DevnetCollection.Name)]
public class NonceGapDevnetTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ADroppedTransactionOfAGoneTradeIsFilledBySelfTransferAndTheNextTradeFills()
    {
        await TradingStack.InSnapshotAsync(output, async stack =>
        {
            var rpc = stack.Chain.Rpc;
            var signing = stack.App.Services.GetRequiredService<SigningStore>();

            // A trade that is gone signed nonce n (stored, marked signed), the network took it and then dropped it from the
            // mempool before any block: nonce n is now a hole below every nonce the desk hands out next.
            await rpc.CallAsync(RpcCalls.Raw("evm_setAutomine", JsonValue.Create(false)));
            SignedSwapTransaction orphan;
            try
            {
                orphan = await signing.GetOrSignAsync(new SigningRequest("sign:gone:0", new ContractCall(stack.Wallet, [], 1), 21_000, null, null, false), default);
                await signing.MarkSignedAsync(orphan.Nonce, orphan.Hash, default);
                Assert.Equal(orphan.Hash, await rpc.SendRawTransactionAsync(Hex.Decode(orphan.RawTransaction)), StringComparer.OrdinalIgnoreCase);
                var dropped = await rpc.CallAsync(RpcCalls.Raw("hardhat_dropTransaction", JsonValue.Create(orphan.Hash)));
                Assert.True(dropped.GetBoolean());
            }
            finally
            {
                await rpc.CallAsync(RpcCalls.Raw("evm_setAutomine", JsonValue.Create(true)));
            }
            Assert.Equal((ulong)orphan.Nonce, await rpc.GetTransactionCountAsync(stack.Wallet.ToLowerHex(), BlockParameter.CreatePending()));

            var started = DateTimeOffset.UtcNow;
            var tradeId = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy 200 ETH")).UpdateId);
            await stack.PressAsync(await stack.QuoteMessageAsync(tradeId), confirm: true);
            // Well inside the confirm timeout (120 s): without healing the approval's nonce n+1 could never be mined.
            var final = await stack.WaitForTradeAsync(tradeId, t => t.IsTerminal, TimeSpan.FromSeconds(90), mineBlocks: true);
            Assert.True(final.State == TradeState.Final, $"the trade ended {final.State}: {final.Outcome}");
            stack.Log($"filled {DateTimeOffset.UtcNow - started:g} after the command");

            // Nonce n went to a zero-value transfer to the wallet itself; the dropped bytes never executed.
            var fill = await signing.FindAsync($"fill:{orphan.Nonce}", default);
            Assert.NotNull(fill);
            Assert.Equal(orphan.Nonce, fill.Nonce);
            var receipt = await rpc.GetTransactionReceiptAsync(fill.Hash);
            Assert.True(receipt?.Succeeded() == true);
            var sent = await rpc.GetTransactionByHashAsync(fill.Hash);
            Assert.Equal(stack.Wallet.ToLowerHex(), sent!.To, StringComparer.OrdinalIgnoreCase);
            Assert.Equal(System.Numerics.BigInteger.Zero, sent.Value);
            Assert.Null(await rpc.GetTransactionReceiptAsync(orphan.Hash));
            Assert.True(final.Nonce > orphan.Nonce);
        });
    }

    [Fact]
    public async Task ASubmittedTradeBehindAGapHealingCannotFillFailsWithinItsMineTimeoutWithTheReasonAndAnAlert()
    {
        await TradingStack.InSnapshotAsync(output, async stack =>
        {
            var rpc = stack.Chain.Rpc;
            var signing = stack.App.Services.GetRequiredService<SigningStore>();
            await rpc.CallAsync(RpcCalls.Raw("evm_setAutomine", JsonValue.Create(false)));
            try
            {
                // A gone trade's transaction at nonce n waits in the pool; the trade signs its approval (n+1) and swap (n+2)
                // behind it and is submitted.
                var orphan = await signing.GetOrSignAsync(new SigningRequest("sign:gone:0", new ContractCall(stack.Wallet, [], 1), 21_000, null, null, false), default);
                await signing.MarkSignedAsync(orphan.Nonce, orphan.Hash, default);
                await rpc.SendRawTransactionAsync(Hex.Decode(orphan.RawTransaction));
                var tradeId = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy 200 ETH")).UpdateId);
                await stack.PressAsync(await stack.QuoteMessageAsync(tradeId), confirm: true);
                var submitted = await stack.WaitForTradeAsync(tradeId,
                    t => t.IsTerminal || t.Transactions is [{ Status: BroadcastStatus.Accepted }], TimeSpan.FromSeconds(90));
                Assert.Equal((TradeState.Submitted, orphan.Nonce + 2), (submitted.State, submitted.Nonce));

                // The network drops nonce n, and the wallet can no longer pay for gas (the node evicts what is left of ours):
                // no fill or resend can close the gap.
                Assert.True((await rpc.CallAsync(RpcCalls.Raw("hardhat_dropTransaction", JsonValue.Create(orphan.Hash)))).GetBoolean());
                await rpc.CallAsync(RpcCalls.Raw("hardhat_setBalance", JsonValue.Create(stack.Wallet.ToLowerHex()), JsonValue.Create("0x0")));
                var dropped = DateTimeOffset.UtcNow;
                Assert.Equal((ulong)orphan.Nonce, await rpc.GetTransactionCountAsync(stack.Wallet.ToLowerHex(), BlockParameter.CreatePending()));

                // Fails a mine timeout (30 s here) after the gap is seen, not at the swap deadline (10 min + 30 s).
                var failed = await stack.WaitForTradeAsync(tradeId, t => t.IsTerminal, TimeSpan.FromSeconds(120));
                stack.Log($"failed {DateTimeOffset.UtcNow - dropped:g} after the drop: {failed.Outcome}");
                Assert.Equal(TradeState.Failed, failed.State);
                Assert.StartsWith("no usable nonce for 30 s: ", failed.Outcome);
                Assert.Contains($"nonce {orphan.Nonce + 2} waits behind nonce {orphan.Nonce}", failed.Outcome);
                Assert.Contains($"the node's pending count is {orphan.Nonce}", failed.Outcome);
                Assert.Contains("Rejected", failed.Outcome);

                var alert = await stack.BotMessageAsync(TradingStack.Admin, m => m.Text.Contains("nonce.devnet"), TimeSpan.FromSeconds(60), "the nonce alert");
                Assert.Contains(tradeId, alert.Text);
                var story = await stack.BotMessageAsync(TradingStack.Trader, m => m.Text.Contains("no usable nonce"), TimeSpan.FromSeconds(30), "the failure message");
                Assert.Contains($"nonce {orphan.Nonce}", story.Text);
            }
            finally
            {
                await rpc.CallAsync(RpcCalls.Raw("evm_setAutomine", JsonValue.Create(true)));
            }
        }, tweak: s => s["Trades:MineTimeout"] = "00:00:30");
    }
}
