using System.Numerics;
using System.Text.Json.Nodes;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Evm;
using ChainTrader.Application.Dedupe;
using ChainTrader.Application.Notifications;
using ChainTrader.Application.Operations;
using ChainTrader.Application.Storage;
using ChainTrader.Tests.Contracts;
using ChainTrader.Tests.Infrastructure;
using ChainTrader.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChainTrader.Tests.Operations;

/// <summary>The ledger's expected balances as the test states them.</summary>
internal sealed class StatedLedger(IReadOnlyList<ExpectedBalance> expected) : ILedgerBalanceSource
{
    public Task<LedgerBalances> ExpectedBalancesAsync(CancellationToken cancellationToken) => Task.FromResult(LedgerBalances.Of(expected));
}

/// <summary>Reconciliation of a wallet's native and ERC-20 balances on the Hardhat devnet against a stated ledger.</summary>
[Collection(DevnetCollection.Name)]
public class ReconciliationDevnetTests
{
    [Fact]
    public async Task BalancesWithinToleranceMatchAndADifferenceIsStoredAsAMismatch()
    {
        var chain = await DevnetChain.ConnectAsync();
        var service = await AzuriteTables.ServiceAsync();
        var tables = new AppTables(service);
        var reconciler = new BalanceReconciler(tables, TimeProvider.System);
        await chain.InSnapshotAsync(async () =>
        {
            var wallet = PrivateKey.FromHex(Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32))).Address;
            var usdc = chain.Token("USDC");
            var weth = chain.Token("WETH");
            var usdcDecimals = chain.Manifest.Tokens["USDC"].Decimals;
            var sent = Units.FromDecimal(1234.5m, usdcDecimals);
            Assert.True((await chain.SendAsync(Erc20.Transfer(usdc, wallet, sent), chain.Key("trader"))).Succeeded());
            var native = BigInteger.Parse("2500000000000000000");
            await chain.Rpc.CallAsync(RpcCalls.Raw("hardhat_setBalance", JsonValue.Create(wallet.ToLowerHex()), JsonValue.Create("0x" + native.ToString("x"))));

            ExpectedBalance Usdc(BigInteger amount) => new("devnet", wallet, usdc, "USDC", usdcDecimals, amount);
            var eth = new ExpectedBalance("devnet", wallet, null, "ETH", 18, native);
            var noWeth = new ExpectedBalance("devnet", wallet, weth, "WETH", 18, 0);

            var matching = await reconciler.ReconcileAsync([Usdc(sent), eth, noWeth], _ => chain.Rpc, toleranceBps: 0, default);
            var result = Assert.Single(matching);
            Assert.True(result.Matches);
            Assert.Equal(3, result.Checked);
            Assert.True(result.Block > 0);

            // 0.05 % off passes a 10 bps tolerance and fails a 1 bps one.
            var slightlyOff = Usdc(sent + sent / 2000);
            Assert.True(Assert.Single(await reconciler.ReconcileAsync([slightlyOff], _ => chain.Rpc, 10, default)).Matches);
            var strict = Assert.Single(await reconciler.ReconcileAsync([slightlyOff, eth], _ => chain.Rpc, 1, default));
            var mismatch = Assert.Single(strict.Mismatches);
            Assert.Equal(sent, mismatch.OnChain);
            Assert.Equal($"USDC of {wallet}: ledger 1235.11725, chain 1234.5 (-0.61725)", mismatch.Describe());

            var stored = Assert.Single(await reconciler.LatestAsync(default), r => r.Chain == "devnet");
            Assert.Equal((1, 2, strict.Block), (stored.MismatchCount, stored.Checked, stored.Block));
            Assert.Equal(mismatch.Describe(), stored.Mismatches);

            // Through Housekeeping with a ledger: reconciliation runs when due (RECONCILIATION_INTERVAL) and records a match again.
            var jobs = await tables.GetAsync(Housekeeping.TableName, default);
            await jobs.DeleteAsync("jobs", Housekeeping.ReconciliationJob);
            var clock = new ManualClock(DateTimeOffset.UtcNow);
            var outbox = new OutboxTables(() => service);
            var housekeeping = new Housekeeping(tables, new DedupeStore(tables, clock), outbox,
                new GlobalSendRate(outbox, clock, Options.Create(new TelegramDeliveryOptions()), NullLogger<GlobalSendRate>.Instance),
                new OperationalSignals(() => tables, clock, OperationsFixture.Telemetry()), reconciler, name => name == "devnet" ? chain.Rpc : throw new KeyNotFoundException(name),
                new StatedLedger([Usdc(sent), eth]), new OperationsOptions(), clock, NullLogger<Housekeeping>.Instance);

            var report = await housekeeping.RunDueAsync(default);
            Assert.Contains(report.Lines, l => l.StartsWith("reconciliation devnet at block ", StringComparison.Ordinal) && l.EndsWith(": 2 balances, 0 mismatched", StringComparison.Ordinal));
            Assert.Equal(0, Assert.Single(await reconciler.LatestAsync(default), r => r.Chain == "devnet").MismatchCount);
            clock.Advance(TimeSpan.FromSeconds(300));
            Assert.Contains("reconciliation: not due", (await housekeeping.RunDueAsync(default)).Lines);
            clock.Advance(TimeSpan.FromSeconds(600));
            Assert.Contains((await housekeeping.RunDueAsync(default)).Lines, l => l.StartsWith("reconciliation devnet at block ", StringComparison.Ordinal));
        });
    }

    [Theory]
    [InlineData(10_000, 10_010, 10, true)]
    [InlineData(10_000, 10_011, 10, false)]
    [InlineData(10_000, 9_990, 10, true)]
    [InlineData(0, 0, 10, true)]
    [InlineData(0, 1, 10_000, false)]
    [InlineData(5, 5, 0, true)]
    public void ToleranceIsInBasisPointsOfTheLedgerAmount(long expected, long actual, int bps, bool within) =>
        Assert.Equal(within, BalanceReconciler.WithinTolerance(expected, actual, bps));
}
