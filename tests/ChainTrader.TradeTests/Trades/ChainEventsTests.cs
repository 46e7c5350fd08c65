using System.Diagnostics;
using System.Text.Json.Nodes;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Chains;
using ChainTrader.Application.Commands;
using ChainTrader.Tests.Contracts;
using ChainTrader.Tests.Infrastructure;
using ChainTrader.Tests.Rpc;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Trades;

/// <summary>
/// What the chain does to a submitted swap: reorganisations of depth 1 to 5 (evm_snapshot/evm_revert) and a transaction
/// that is not mined (automine off), each handled to a single final fill.
/// </summary>
[Collection(DevnetCollection.Name)]
public class ChainEventsTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(90);

    /// <summary>
    /// "Detected at once" is counted in the app's own inclusion checks, not in seconds: the first check sent after the revert
    /// must report the reorg, however long a loaded machine takes to run it.
    /// </summary>
    [Fact]
    public async Task ReorgsOfDepthOneToFiveAreDetectedAtTheFirstInclusionCheckRebroadcastAndConfirmed()
    {
        var chain = await DevnetChain.ConnectAsync();
        var receiptRequests = new ReceiptRequestLog();
        await chain.InSnapshotAsync(async () =>
        {
            await using var stack = await TradingStack.StartAsync(chain, s =>
            {
                s["CHAIN_DEVNET_CONFIRMATIONS"] = "8";
                s["Trades:PollInterval"] = "00:00:01";
            }, services: s => s.AddHttpClient(ChainRpcPools.HttpClientName).AddHttpMessageHandler(receiptRequests.NewHandler), output: output);

            for (var depth = 1; depth <= 5; depth++)
            {
                var id = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy ETH 200")).UpdateId);
                var quote = await stack.QuoteMessageAsync(id);
                var snapshot = await DevnetSnapshots.TakeAsync(chain.Rpc);
                await stack.PressAsync(quote, confirm: true);
                var included = await stack.WaitForTradeAsync(id, t => t.State == TradeState.Included, Long);
                var (minedIn, swapHash) = (included.Receipt!.BlockHash, included.Receipt.TxHash);
                await stack.MineAsync(depth - 1);
                await stack.WaitForTradeAsync(id, t => t.Confirmations == depth, Long);

                // The chain forgets the blocks with the approval and the swap and grows past them without them.
                await DevnetSnapshots.RevertAsync(chain.Rpc, snapshot);
                var revertedAt = DateTimeOffset.UtcNow;
                var reverted = Stopwatch.StartNew();
                await stack.MineAsync(depth + 1);
                await stack.WaitForTradeAsync(id, t => t.Reorgs == 1, Long);
                var detectedAfter = reverted.Elapsed;
                // After the reorg the trade is submitted again and polls the rebroadcast swap's receipt; every inclusion check
                // sent after the revert came before that poll. One at most: the check in flight during the revert may have
                // read the old chain, and the next one must see the new chain.
                var requests = await WaitForReceiptPollAsync(receiptRequests, revertedAt, swapHash);
                var checksBeforeDetection = requests.TakeWhile(isCheck => isCheck).Count();
                output.WriteLine($"depth {depth}: reorg detected after {detectedAfter.TotalSeconds:F1} s, {checksBeforeDetection} inclusion check(s) after the revert");
                Assert.True(checksBeforeDetection <= 1, $"depth {depth}: {checksBeforeDetection} inclusion checks after the revert before the reorg was acted on");

                // The same signed bytes go out again, the approval's first (automine includes them at once), and the trade confirms.
                var final = await stack.WaitForTradeAsync(id, t => t.IsTerminal, Long, mineBlocks: true);
                Assert.Equal(TradeState.Final, final.State);
                Assert.Equal(1, final.Reorgs);
                var tx = Assert.Single(final.Transactions);
                Assert.Equal(tx.Hash, final.Receipt!.TxHash, ignoreCase: true);
                Assert.NotEqual(minedIn, final.Receipt.BlockHash);
                Assert.NotNull(await chain.Rpc.GetTransactionReceiptAsync(tx.Hash));

                // One message per real state change: the chat saw each edit once, in order, and the last one is final.
                await stack.BotMessageAsync(TradingStack.Trader, m => m.MessageId == quote.MessageId && m.Text.Contains("Final (8/8)"), Long, "the final edit");
                var edits = (await stack.StandIn.CallsAsync("editMessageText", TradingStack.Trader))
                    .Where(c => c.Ok && c.Params.GetProperty("message_id").GetInt64() == quote.MessageId).Select(c => c.Text!).ToList();
                Assert.Equal(edits.Count, edits.Distinct().Count());
                Assert.Contains(edits, e => e.Contains("<b>Submitted</b> again after a chain reorganisation"));
                Assert.Contains("<b>Final</b> (8/8)", edits[^1]);
            }
            Assert.Equal(5, (await stack.WaitForFillsAsync(5, Long)).Count);
        });
    }

    private static async Task<IReadOnlyList<bool>> WaitForReceiptPollAsync(ReceiptRequestLog log, DateTimeOffset since, string hash)
    {
        IReadOnlyList<bool> requests = [];
        await Until.TrueAsync(() =>
        {
            requests = log.InclusionCheckFlagsSince(since, hash);
            return Task.FromResult(requests.Contains(false));
        }, Long, "a receipt poll of the rebroadcast swap");
        return requests;
    }

    /// <summary>
    /// The trade's only node falls behind after the swap was included: its inclusion checks find neither the receipt nor
    /// a block at the receipt's height, and a head below it. That is a lagging node, not a reorg: the trade waits for the
    /// node and confirms without a rebroadcast or a reorg message. (It counted a reorg before the check read the head.)
    /// </summary>
    [Fact]
    public async Task ANodeThatFallsBehindTheSwapsBlockIsNotTakenForAReorg()
    {
        var chain = await DevnetChain.ConnectAsync();
        string? hiddenSwap = null; // while set, the proxy answers the swap's inclusion checks as a node behind its block
        long receiptBlock = 0;
        var laggedChecks = 0;
        var forward = Responders.Forward(chain.Devnet.RpcUrl);
        var behind = Responders.Forward(chain.Devnet.RpcUrl, (method, result) => method switch
        {
            "eth_getTransactionReceipt" or "eth_getBlockByNumber" => null,
            "eth_blockNumber" => JsonValue.Create(ChainTrader.Core.Hex.Quantity((ulong)Interlocked.Read(ref receiptBlock) - 1)),
            _ => result,
        });
        await using var proxy = await RpcTestEndpoint.StartAsync((body, response, aborted) =>
        {
            // An inclusion check is one batch: the receipt, the head and the block at the receipt's height.
            if (Volatile.Read(ref hiddenSwap) is { } swap && body.Contains(swap, StringComparison.OrdinalIgnoreCase) && body.Contains("eth_getBlockByNumber", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref laggedChecks);
                return behind(body, response, aborted);
            }
            return forward(body, response, aborted);
        });

        await chain.InSnapshotAsync(async () =>
        {
            await using var stack = await TradingStack.StartAsync(chain, s =>
            {
                s["CHAIN_DEVNET_RPC_URLS"] = proxy.Url.AbsoluteUri;
                s["CHAIN_DEVNET_CONFIRMATIONS"] = "4";
                s["Trades:PollInterval"] = "00:00:01";
            }, output: output);
            var id = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy ETH 200")).UpdateId);
            var quote = await stack.QuoteMessageAsync(id);
            await stack.PressAsync(quote, confirm: true);
            var included = await stack.WaitForTradeAsync(id, t => t.State == TradeState.Included, Long);

            Interlocked.Exchange(ref receiptBlock, included.Receipt!.BlockNumber);
            Volatile.Write(ref hiddenSwap, included.Receipt.TxHash);
            await stack.MineAsync(4);
            await Until.TrueAsync(() => Task.FromResult(Volatile.Read(ref laggedChecks) >= 3), Long, "three inclusion checks answered by the lagging node");
            Volatile.Write(ref hiddenSwap, null);

            var final = await stack.WaitForTradeAsync(id, t => t.IsTerminal, Long, mineBlocks: true);
            Assert.True(final.State == TradeState.Final, $"{id}: {final.State} ({final.Outcome})");
            Assert.Equal(0, final.Reorgs);
            Assert.Equal((included.Receipt.TxHash, included.Receipt.BlockHash), (final.Receipt!.TxHash, final.Receipt.BlockHash));
            Assert.Single(final.Transactions);
            await stack.BotMessageAsync(TradingStack.Trader, m => m.MessageId == quote.MessageId && m.Text.Contains("Final (4/4)"), Long, "the final edit");
            var edits = (await stack.StandIn.CallsAsync("editMessageText", TradingStack.Trader)).Where(c => c.Ok).Select(c => c.Text!).ToList();
            Assert.DoesNotContain(edits, e => e.Contains("reorganisation"));
        });
    }

    [Fact]
    public async Task AStuckSwapIsReplacedWithBumpedFeesAndExactlyOneOfTheTwoMines()
    {
        var chain = await DevnetChain.ConnectAsync();
        await chain.InSnapshotAsync(async () =>
        {
            await using var stack = await TradingStack.StartAsync(chain, s =>
            {
                s["Trades:MineTimeout"] = "00:00:06";
                s["Trades:PollInterval"] = "00:00:01";
            }, output: output);
            var id = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy ETH 200")).UpdateId);
            var quote = await stack.QuoteMessageAsync(id);

            // Blocks stop coming (automine off, a block every 30 s): approval and swap wait in the pool past the mine timeout,
            // and the replacement bumps both.
            await chain.Rpc.CallAsync(RpcCalls.Raw("evm_setAutomine", JsonValue.Create(false)));
            await chain.Rpc.CallAsync(RpcCalls.Raw("evm_setIntervalMining", JsonValue.Create(30_000)));
            await stack.PressAsync(quote, confirm: true);
            var replaced = await stack.WaitForTradeAsync(id, t => t.Transactions.Count == 2 && t.Transactions[1].Status == BroadcastStatus.Accepted, Long);
            var (original, replacement) = (replaced.Transactions[0], replaced.Transactions[1]);
            Assert.Equal(original.Nonce, replacement.Nonce);
            Assert.True(replacement.Fees.Covers(original.Fees.BumpedBy(10)), $"fees {original.Fees} → {replacement.Fees}");

            await chain.Rpc.CallAsync(RpcCalls.Raw("evm_setAutomine", JsonValue.Create(true)));
            await chain.Rpc.CallAsync(RpcCalls.Raw("evm_setIntervalMining", JsonValue.Create(0)));
            var final = await stack.WaitForTradeAsync(id, t => t.IsTerminal, Long, mineBlocks: true);
            Assert.Equal(TradeState.Final, final.State);
            var mined = new List<string>();
            foreach (var hash in new[] { original.Hash, replacement.Hash })
                if (await chain.Rpc.GetTransactionReceiptAsync(hash) is not null) mined.Add(hash);
            Assert.Single(mined);
            Assert.Equal(mined[0], final.Receipt!.TxHash, ignoreCase: true);
            Assert.Equal(id, Assert.Single(await stack.WaitForFillsAsync(1, Long)).Fill.TradeId);
            await stack.BotMessageAsync(TradingStack.Trader, m => m.MessageId == quote.MessageId && m.Text.Contains("Final (3/3)"), Long, "the final edit");
            var edits = (await stack.StandIn.CallsAsync("editMessageText", TradingStack.Trader)).Where(c => c.Ok).Select(c => c.Text!).ToList();
            Assert.Contains(edits, e => e.Contains("fees bumped"));
        });
    }
}
