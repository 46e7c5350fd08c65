using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Transactions;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Storage;
using ChainTrader.Application.Trades;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Trades;

/// <summary>
/// An approval and its swap signed as one run of consecutive nonces, with the worker dying at each step of the signing
/// (the same fault points the lifecycle passes): a new worker signs the run with the nonces the first one reserved, the
/// two stay consecutive, and no nonce is skipped or left as a hole across runs.
/// </summary>
[Collection(DevnetCollection.Name)]
public class SigningRunCrashTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Crashes => new()
    {
        { TradeFaultPoints.BeforeNonce, "approve:" },
        { TradeFaultPoints.AfterNonceReserved, "approve:" },
        { TradeFaultPoints.BeforeSign, "approve:" },
        { TradeFaultPoints.AfterSignedStored, "approve:" },
        { TradeFaultPoints.BeforeSign, "sign:" },
        { TradeFaultPoints.AfterSignedStored, "sign:" },
    };

    [Fact]
    public Task EachCrashInARunIsRecoveredWithTheSameConsecutiveNoncesAndNoGap() =>
        TradingStack.InSnapshotAsync(output, async stack =>
        {
            var services = stack.App.Services;
            var chain = services.GetRequiredService<TradeChain>();
            SigningStore Store(ITradeFaultInjector faults) => new(services.GetRequiredService<AppTables>(), chain, faults,
                services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<SigningStore>>());
            SigningRequest[] Run(string id) =>
            [
                new($"approve:{id}", new ContractCall(stack.Wallet, [], 0), 21_000, null, null, false),
                new($"sign:{id}:0", new ContractCall(stack.Wallet, [], 0), 21_000, null, null, false),
            ];

            var runs = new List<IReadOnlyList<SignedSwapTransaction>>();
            var index = 0;
            foreach (var (point, prefix) in Crashes.Select(row => ((string)row[0], (string)row[1])))
            {
                var id = $"run{index++}";
                var faults = new CrashingFaults();
                faults.Arm(point, prefix + id);
                await Assert.ThrowsAsync<InjectedCrashException>(() => Store(faults).GetOrSignRunAsync(Run(id), default));
                Assert.Equal(point, await faults.Fired);

                // A new worker takes over; an orphaned reservation makes it wait out the signing grace, then it goes ahead.
                var deadline = DateTimeOffset.UtcNow + SigningStore.OrphanAge + TimeSpan.FromSeconds(30);
                IReadOnlyList<SignedSwapTransaction>? signed = null;
                while (signed is null)
                {
                    try
                    {
                        signed = await Store(new NoTradeFaults()).GetOrSignRunAsync(Run(id), default);
                    }
                    catch (SigningDeferredException) when (DateTimeOffset.UtcNow < deadline)
                    {
                        await Task.Delay(500);
                    }
                }
                output.WriteLine($"{id}: crash at {point} on {prefix}…; signed with nonces {signed[0].Nonce}, {signed[1].Nonce}");
                Assert.Equal(signed[0].Nonce + 1, signed[1].Nonce);
                // Asked again, the run is what was stored.
                Assert.Equal(signed.Select(s => s.Hash), (await Store(new NoTradeFaults()).GetOrSignRunAsync(Run(id), default)).Select(s => s.Hash));
                runs.Add(signed);
            }

            // Run after run, every nonce used once and none skipped; the nonce manager holds no hole.
            var nonces = runs.SelectMany(r => r.Select(s => s.Nonce)).ToList();
            Assert.Equal(Enumerable.Range((int)nonces[0], nonces.Count).Select(n => (long)n), nonces);
            var table = await services.GetRequiredService<AppTables>().GetAsync(TableNonceStore.DefaultTableName, default);
            var state = (await new TableNonceStore(table).GetAsync(chain.ChainId, chain.Wallet, default))!.State;
            Assert.Empty(state.Holes());
            Assert.Equal((ulong)(nonces[^1] + 1), state.NextNonce);
        });
}
