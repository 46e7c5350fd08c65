using System.Numerics;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Commands;
using ChainTrader.Application.Trades;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.RPC.Eth.DTOs;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Trades;

/// <summary>
/// Trades of one input token share the router's allowance: confirmed back to back, each must still find exactly its own
/// exact approval when its swap executes (issue 14, found by the kill harness).
/// </summary>
[Collection(DevnetCollection.Name)]
public class SharedAllowanceEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(90);

    [Fact]
    public Task TradesOfOneTokenConfirmedBackToBackEachFillWithOneSwapAndTheirOwnExactApproval() =>
        TradingStack.InSnapshotAsync(output, async stack =>
        {
            var chain = stack.Chain;
            var usdc = chain.Token("USDC");
            var amountIn = Units.FromDecimal(200m, chain.Manifest.Tokens["USDC"].Decimals);
            var startBlock = await chain.Rpc.GetBlockNumberAsync();
            var startNonce = await chain.Rpc.GetTransactionCountAsync(stack.Wallet.ToLowerHex(), BlockParameter.CreateLatest());

            var ids = new List<string>();
            for (var i = 0; i < 3; i++) ids.Add(TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy ETH 200")).UpdateId));
            var quotes = new List<StandInMessage>();
            foreach (var id in ids) quotes.Add(await stack.QuoteMessageAsync(id));
            await Task.WhenAll(quotes.Select(q => stack.PressAsync(q, confirm: true)));

            var finals = new List<Trade>();
            foreach (var id in ids) finals.Add(await stack.WaitForTradeAsync(id, t => t.IsTerminal, Long, mineBlocks: true));
            Assert.All(finals, f => Assert.True(f.State == TradeState.Final, $"{f.Id} ended {f.State}: {f.Outcome}"));
            Assert.Equal(ids.Order(), (await stack.WaitForFillsAsync(3, Long)).Select(f => f.Fill.TradeId).Order());

            // Each trade's approval sits just below its swap, for exactly the swap's input.
            var signing = stack.App.Services.GetRequiredService<SigningStore>();
            foreach (var final in finals)
            {
                var approval = await signing.FindAsync($"approve:{final.Id}", default);
                Assert.NotNull(approval);
                Assert.Equal(final.Nonce - 1, approval.Nonce);
                var sent = await chain.Rpc.GetTransactionByHashAsync(approval.Hash);
                Assert.Equal(Erc20.Approve(usdc, chain.Router, amountIn).Data, Hex.Decode(sent!.Input));
                Assert.True((await chain.Rpc.GetTransactionReceiptAsync(approval.Hash))?.Succeeded() == true, $"{final.Id}'s approval is mined");
            }

            // On-chain: one successful swap per trade (the one its receipt names), one approval per trade, nothing else.
            var swaps = new List<string>();
            var others = 0;
            for (var n = startBlock + 1; n <= await chain.Rpc.GetBlockNumberAsync(); n++)
            {
                var block = await chain.Rpc.GetBlockWithTransactionsByNumberAsync(new BlockParameter(n));
                foreach (var tx in block!.Transactions.Where(t => Address.Parse(t.From) == stack.Wallet))
                {
                    if (tx.To is { } to && Address.Parse(to) == chain.Router) swaps.Add(tx.TransactionHash.ToLowerInvariant());
                    else others++;
                }
            }
            Assert.Equal(finals.Select(f => f.Receipt!.TxHash.ToLowerInvariant()).Order(), swaps.Order());
            Assert.Equal(finals.Count, others);
            Assert.Equal(startNonce + (ulong)(2 * finals.Count), await chain.Rpc.GetTransactionCountAsync(stack.Wallet.ToLowerHex(), BlockParameter.CreateLatest()));
            // Every approval was spent by its own swap: nothing stands.
            Assert.Equal(BigInteger.Zero, await new Erc20(chain.Rpc, usdc).AllowanceAsync(stack.Wallet, chain.Router));
        },
        // A standing allowance that covers one trade: it must not let any trade skip its own approval.
        before: chain => chain.SendAsync(Erc20.Approve(chain.Token("USDC"), chain.Router,
            Units.FromDecimal(200m, chain.Manifest.Tokens["USDC"].Decimals)), chain.Key("trader")));
}
