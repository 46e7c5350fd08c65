using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Commands;
using ChainTrader.Application.Notifications;
using ChainTrader.Application.Trades;
using ChainTrader.Tests.Contracts;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.RPC.Eth.DTOs;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Trades;

/// <summary>
/// The process fails at a named point between "about to sign" and "receipt seen"; a new app over the same Azurite,
/// devnet and chat takes over. Every confirmed trade must end Final with exactly one swap on-chain, one approval at
/// most, one ledger fill, and no nonce skipped.
/// </summary>
[Collection(DevnetCollection.Name)]
public class CrashRecoveryTests(ITestOutputHelper output)
{
    [Fact]
    public Task EveryFixedPointRecoversToExactlyOneSwap() =>
        RunAsync(TradeFaultPoints.All);

    [Fact]
    public Task RandomPointsRecoverToExactlyOneSwap()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("CHAINTRADER_CRASH_SEED"), out var given) ? given : Random.Shared.Next();
        output.WriteLine($"crash seed {seed} (set CHAINTRADER_CRASH_SEED={seed} to replay)");
        var random = new Random(seed);
        // Only first passes: every point is passed once by a happy-path trade (the fixed test proves each fires), while a
        // second pass happens only after a retry, which a draw cannot promise.
        var points = Enumerable.Range(0, 4).Select(_ => TradeFaultPoints.All[random.Next(TradeFaultPoints.All.Count)]).ToList();
        output.WriteLine("points: " + string.Join(", ", points));
        return RunAsync(points);
    }

    private async Task RunAsync(IReadOnlyList<string> crashes)
    {
        var chain = await DevnetChain.ConnectAsync();
        await chain.InSnapshotAsync(async () =>
        {
            var faults = new CrashingFaults();
            await using var stack = await TradingStack.StartAsync(chain, s =>
            {
                s["Trades:RetryAfter"] = "00:00:02";
                s["Trades:PollInterval"] = "00:00:01";
            }, services => services.AddSingleton<ITradeFaultInjector>(faults), output);
            var startBlock = await chain.Rpc.GetBlockNumberAsync();
            var startNonce = await chain.Rpc.GetTransactionCountAsync(stack.Wallet.ToLowerHex(), BlockParameter.CreateLatest());
            var trades = new List<(string Id, string Point, bool Fired)>();

            foreach (var point in crashes)
            {
                var id = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy ETH 200")).UpdateId);
                // A crash mid-send leaves the chat's delivery lease held, as a real crash would: the new instance takes
                // the chat over when the lease expires (TelegramDeliveryOptions.LeaseDuration), so the quote may wait that long.
                var quote = await stack.QuoteMessageAsync(id, timeout: new TelegramDeliveryOptions().LeaseDuration + TimeSpan.FromSeconds(30));
                faults.Arm(point, id);
                await stack.PressAsync(quote, confirm: true);
                var fired = await Task.WhenAny(faults.Fired, MineUntilAsync(stack, id, faults.Fired, TimeSpan.FromSeconds(45))) == faults.Fired && faults.Fired.IsCompleted;
                output.WriteLine($"{id}: crash at {point} {(fired ? "fired" : "not reached (the trade never passed it)")}");
                trades.Add((id, point, fired));

                faults = new CrashingFaults();
                var next = faults;
                await stack.RestartAsync(services => services.AddSingleton<ITradeFaultInjector>(next));
                var final = await stack.WaitForTradeAsync(id, t => t.IsTerminal, TimeSpan.FromSeconds(90), mineBlocks: true);
                Assert.True(final.State == TradeState.Final, $"{id} after a crash at {point}: {final.State} ({final.Outcome})");
            }
            // Every point of a happy-path trade is passed once, so each crash must really have happened.
            Assert.All(trades, t => Assert.True(t.Fired, $"{t.Id}: the crash at {t.Point} never fired"));

            // On-chain: one swap per trade, one approval per trade at most, and nothing else from the wallet.
            var head = await chain.Rpc.GetBlockNumberAsync();
            var router = chain.Router;
            var swaps = 0;
            var approvals = 0;
            for (var n = startBlock + 1; n <= head; n++)
            {
                var block = await chain.Rpc.GetBlockWithTransactionsByNumberAsync(new BlockParameter(n));
                foreach (var tx in block!.Transactions.Where(t => Address.Parse(t.From) == stack.Wallet))
                {
                    if (tx.To is { } to && Address.Parse(to) == router) swaps++;
                    else approvals++;
                }
            }
            Assert.Equal(trades.Count, swaps);
            Assert.InRange(approvals, 0, trades.Count);
            Assert.Equal(startNonce + (ulong)(swaps + approvals), await chain.Rpc.GetTransactionCountAsync(stack.Wallet.ToLowerHex(), BlockParameter.CreateLatest()));
            // A crash after the final step was stored leaves its settlement owed: the sweeper performs it when it is due again.
            var fills = await stack.WaitForFillsAsync(trades.Count, TimeSpan.FromSeconds(30));
            Assert.Equal(trades.Select(t => t.Id).Order(), fills.Select(f => f.Fill.TradeId).Order());
            Assert.All(fills, f => Assert.Equal(FillKind.Chain, f.Fill.Kind));
        });
    }

    /// <summary>
    /// Mines the blocks that confirm the trade, only while it counts confirmations (Included). Blocks mined before the
    /// desk has seen its receipt would let it see the swap already confirmed and go straight to Final, and the points
    /// passed while counting (receipt.recorded) would then never be reached (seen in CI under load).
    /// </summary>
    private static async Task MineUntilAsync(TradingStack stack, string tradeId, Task until, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!until.IsCompleted && DateTimeOffset.UtcNow < deadline)
        {
            if ((await stack.Store.GetAsync(tradeId, default))?.Trade.State == TradeState.Included) await stack.MineAsync();
            await Task.Delay(500);
        }
    }
}
