using System.Diagnostics;
using ChainTrader.Core.Evm;
using ChainTrader.Application.Watching;
using ChainTrader.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Watching;

/// <summary>The wallet watcher end to end: the real app on Azurite scanning the Hardhat devnet, notifications recorded.</summary>
[Collection(DevnetCollection.Name)]
public sealed class WatcherDevnetTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Eth_and_token_transfers_to_and_from_watched_addresses_are_announced_once_seen_then_final()
    {
        var wallet = await DevnetWallet.ConnectAsync();
        var snapshot = await wallet.SnapshotAsync();
        try
        {
            await using var harness = await WatcherHarness.StartAsync();
            var bob = wallet.AccountAddress("bob");
            const long desk = 101, bobUser = 102;
            Assert.StartsWith("Watching", await harness.RunAsync("watch", desk, wallet.Trader.Address.ToString(), "devnet", "desk"));
            Assert.StartsWith("Watching", await harness.RunAsync("watch", bobUser, bob.ToLowerHex()));
            Assert.Equal(ScanOutcome.Started, (await harness.ScanUntilIdleAsync()).Single().Outcome);

            // Not ours to announce: neither side is watched.
            await wallet.SendEthAsync(wallet.AccountKey("alice"), wallet.AccountAddress("outsider"), 12345);
            var eth = await wallet.SendEthAsync(wallet.Trader, bob, DevnetWallet.Units("0.25", 18));
            var usdc = await wallet.SendTokenAsync(wallet.Trader, wallet.Usdc, bob, DevnetWallet.Units("150.5", 6));
            await harness.ScanUntilIdleAsync();

            Assert.Equal([(eth, "seen"), (usdc, "seen")], harness.Notifier.Notices(desk));
            Assert.Equal([(eth, "seen"), (usdc, "seen")], harness.Notifier.Notices(bobUser));
            var deskEth = harness.Notifier.Delivered.Single(m => m.DedupeKey == $"notified:{eth}:{desk}:seen");
            Assert.Equal(desk, deskEth.ChatId);
            Assert.Contains("<b>desk</b>", deskEth.Html);
            Assert.Contains("sent 0.25 ETH to 0x", deskEth.Html);
            Assert.Contains("2/3 confirmations", deskEth.Html);
            Assert.Contains($"<code>{eth}</code>", deskEth.Html); // devnet has no explorer: the full hash instead of a link
            var bobUsdc = harness.Notifier.Delivered.Single(m => m.DedupeKey == $"notified:{usdc}:{bobUser}:seen");
            Assert.Contains("received 150.5 USDC from 0x", bobUsdc.Html);
            Assert.Contains("1/3 confirmations", bobUsdc.Html);

            await wallet.MineAsync(1);
            await harness.ScanUntilIdleAsync();
            Assert.Equal([(eth, "seen"), (usdc, "seen"), (eth, "final")], harness.Notifier.Notices(desk));
            await wallet.MineAsync(3);
            await harness.ScanUntilIdleAsync();
            await wallet.MineAsync(3);
            await harness.ScanUntilIdleAsync();

            Assert.Equal([(eth, "seen"), (usdc, "seen"), (eth, "final"), (usdc, "final")], harness.Notifier.Notices(desk));
            Assert.Equal([(eth, "seen"), (usdc, "seen"), (eth, "final"), (usdc, "final")], harness.Notifier.Notices(bobUser));
            Assert.Contains("✅ <b>Final</b> on devnet", harness.Notifier.Delivered.Single(m => m.DedupeKey == $"notified:{usdc}:{bobUser}:final").Html);
            Assert.Equal(8, harness.Notifier.Messages.Count); // nothing was even attempted twice
        }
        finally
        {
            await wallet.RevertAsync(snapshot);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task A_reorg_sends_one_correction_and_a_reinclusion_is_announced_once_as_back(int depth)
    {
        var wallet = await DevnetWallet.ConnectAsync();
        var outer = await wallet.SnapshotAsync();
        try
        {
            // Finality deeper than the reorg, so the reorg happens while the transaction is still being followed.
            await using var harness = await WatcherHarness.StartAsync(new Dictionary<string, string?> { ["CHAIN_DEVNET_CONFIRMATIONS"] = "8" });
            const long user = 201;
            var alice = wallet.AccountAddress("alice");
            await harness.RunAsync("watch", user, alice.ToString());
            await harness.ScanUntilIdleAsync();

            var beforeTransfer = await wallet.SnapshotAsync();
            var signed = await wallet.SignAsync(wallet.Trader, alice, DevnetWallet.Units("1", 18));
            var tx = await wallet.SendAsync(signed);
            await wallet.MineAsync(depth - 1); // the transaction's block is now `depth` blocks deep
            await harness.ScanUntilIdleAsync();
            Assert.Equal([(tx, "seen")], harness.Notifier.Notices(user));

            // Replace those blocks by a longer chain without the transaction.
            await wallet.RevertAsync(beforeTransfer);
            await wallet.MineAsync(depth + 1);
            await harness.ScanUntilIdleAsync();
            await harness.ScanUntilIdleAsync();
            Assert.Equal([(tx, "seen"), (tx, "removed1")], harness.Notifier.Notices(user));
            Assert.Contains("No longer in the chain", harness.Notifier.Delivered[^1].Html);

            // The same signed transaction is mined again: "back", then final; never a second "seen".
            await wallet.SendAsync(signed);
            await harness.ScanUntilIdleAsync();
            await wallet.MineAsync(8);
            await harness.ScanUntilIdleAsync();
            await wallet.MineAsync(2);
            await harness.ScanUntilIdleAsync();

            Assert.Equal([(tx, "seen"), (tx, "removed1"), (tx, "back1"), (tx, "final")], harness.Notifier.Notices(user));
            Assert.Equal(4, harness.Notifier.Messages.Count);
        }
        finally
        {
            await wallet.RevertAsync(outer);
        }
    }

    [Fact]
    public async Task A_transaction_moved_to_another_block_by_a_reorg_gets_no_correction()
    {
        var wallet = await DevnetWallet.ConnectAsync();
        var outer = await wallet.SnapshotAsync();
        try
        {
            await using var harness = await WatcherHarness.StartAsync(new Dictionary<string, string?> { ["CHAIN_DEVNET_CONFIRMATIONS"] = "5" });
            const long user = 211;
            var bob = wallet.AccountAddress("bob");
            await harness.RunAsync("watch", user, bob.ToString());
            await harness.ScanUntilIdleAsync();

            var beforeTransfer = await wallet.SnapshotAsync();
            var signed = await wallet.SignAsync(wallet.Trader, bob, 777);
            var tx = await wallet.SendAsync(signed);
            await harness.ScanUntilIdleAsync();

            // The replacing chain carries the same transaction one block later.
            await wallet.RevertAsync(beforeTransfer);
            await wallet.MineAsync(1);
            await wallet.SendAsync(signed);
            await wallet.MineAsync(1);
            await harness.ScanUntilIdleAsync();
            Assert.Equal([(tx, "seen")], harness.Notifier.Notices(user));

            await wallet.MineAsync(5);
            await harness.ScanUntilIdleAsync();
            Assert.Equal([(tx, "seen"), (tx, "final")], harness.Notifier.Notices(user));
        }
        finally
        {
            await wallet.RevertAsync(outer);
        }
    }

    [Fact]
    public async Task Restarting_the_app_mid_stream_neither_drops_nor_repeats_a_notification()
    {
        var wallet = await DevnetWallet.ConnectAsync();
        var snapshot = await wallet.SnapshotAsync();
        try
        {
            await using var harness = await WatcherHarness.StartAsync();
            const long user = 301;
            var bob = wallet.AccountAddress("bob");
            await harness.RunAsync("watch", user, bob.ToString());
            await InvokeWatchPollAsync(harness.App);

            var first = await wallet.SendEthAsync(wallet.Trader, bob, 1);
            await InvokeWatchPollAsync(harness.App);
            await harness.RestartAsync();
            // While the app is down: one more transfer, and the first one reaches finality.
            var second = await wallet.SendTokenAsync(wallet.Trader, wallet.Usdc, bob, 2_000_000);
            await wallet.MineAsync(3);
            await InvokeWatchPollAsync(harness.App);
            await harness.RestartAsync();
            await wallet.MineAsync(3);
            await InvokeWatchPollAsync(harness.App);

            Assert.Equal([(first, "seen"), (second, "seen"), (first, "final"), (second, "final")], harness.Notifier.Notices(user));
            Assert.Equal(4, harness.Notifier.Messages.Count);
        }
        finally
        {
            await wallet.RevertAsync(snapshot);
        }
    }

    [Fact]
    public async Task A_crash_in_the_middle_of_a_scan_is_rescanned_without_losing_or_repeating_a_delivery()
    {
        var wallet = await DevnetWallet.ConnectAsync();
        var snapshot = await wallet.SnapshotAsync();
        try
        {
            await using var harness = await WatcherHarness.StartAsync();
            var bob = wallet.AccountAddress("bob");
            long[] users = [401, 402, 403];
            foreach (var user in users) await harness.RunAsync("watch", user, bob.ToString());
            await harness.ScanUntilIdleAsync();
            var txs = new List<string>();
            for (var i = 0; i < 3; i++) txs.Add(await wallet.SendEthAsync(wallet.Trader, bob, 1000 + i));

            harness.Notifier.CrashAfter = 4;
            await Assert.ThrowsAsync<SimulatedCrashException>(() => harness.ScanUntilIdleAsync());
            Assert.Equal(4, harness.Notifier.Messages.Count);
            harness.Notifier.CrashAfter = int.MaxValue;

            await harness.RestartAsync();
            await harness.ScanUntilIdleAsync();
            await wallet.MineAsync(3);
            await harness.ScanUntilIdleAsync();

            var expected = users.SelectMany(_ => txs).Count() * 2;
            Assert.Equal(expected, harness.Notifier.Delivered.Count);
            foreach (var user in users)
            {
                Assert.Equal(txs.Select(t => (t, "seen")).Order(), harness.Notifier.Notices(user).Where(n => n.Type == "seen").Order());
                Assert.Equal(txs.Select(t => (t, "final")).Order(), harness.Notifier.Notices(user).Where(n => n.Type == "final").Order());
            }
        }
        finally
        {
            await wallet.RevertAsync(snapshot);
        }
    }

    [Fact]
    public async Task Two_instances_never_scan_the_same_range_and_a_dead_instances_lease_is_taken_over_when_it_expires()
    {
        var wallet = await DevnetWallet.ConnectAsync();
        var snapshot = await wallet.SnapshotAsync();
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        try
        {
            await using var harness = await WatcherHarness.StartAsync(new Dictionary<string, string?> { ["WATCH_LEASE_S"] = "30" }, clock);
            var other = new RecordingNotifier();
            await using var second = await harness.StartSecondInstanceAsync(other);
            var secondScanner = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ChainScanner>(second.Services);
            const long user = 501;
            var bob = wallet.AccountAddress("bob");
            await harness.RunAsync("watch", user, bob.ToString());
            await harness.ScanUntilIdleAsync();

            var cursors = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ScanCursorStore>(harness.App.Services);
            var tx = await wallet.SendEthAsync(wallet.Trader, bob, 5);
            // An instance claimed the range and died before committing it.
            var cursor = (await cursors.GetAsync("devnet", CancellationToken.None))!;
            await cursors.UpdateAsync(cursor with { LeaseOwner = "dead-instance", LeaseUntil = clock.GetUtcNow().AddSeconds(30) }, CancellationToken.None);

            Assert.Equal(ScanOutcome.Busy, (await harness.Scanner.ScanAsync("devnet", CancellationToken.None)).Outcome);
            Assert.Equal(ScanOutcome.Busy, (await secondScanner.ScanAsync("devnet", CancellationToken.None)).Outcome);
            Assert.Empty(harness.Notifier.Messages);

            clock.Advance(TimeSpan.FromSeconds(31));
            // Both instances race for the range: exactly one scans it.
            var results = await Task.WhenAll(harness.Scanner.ScanAsync("devnet", CancellationToken.None), secondScanner.ScanAsync("devnet", CancellationToken.None));
            Assert.Single(results, r => r.Outcome == ScanOutcome.Scanned);
            Assert.Equal(1, harness.Notifier.Messages.Count + other.Messages.Count);
            Assert.Equal((tx, "seen"), harness.Notifier.Notices(user).Concat(other.Notices(user)).Single());
        }
        finally
        {
            await wallet.RevertAsync(snapshot);
        }
    }

    [Fact]
    public async Task A_burst_of_500_transfers_across_50_watchers_is_delivered_completely()
    {
        var wallet = await DevnetWallet.ConnectAsync();
        var snapshot = await wallet.SnapshotAsync();
        try
        {
            await using var harness = await WatcherHarness.StartAsync(new Dictionary<string, string?> { ["WATCH_MAX_PER_USER"] = "5" });
            var targets = Enumerable.Range(0, 50).Select(i => (User: 10_000L + i, Address: PrivateKey.FromBytes(RandomKey()).Address)).ToList();
            foreach (var (user, address) in targets)
                Assert.StartsWith("Watching", await harness.RunAsync("watch", user, address.ToString()));
            await harness.ScanUntilIdleAsync();

            await wallet.SetAutomineAsync(false);
            var nonce = await wallet.NextNonceAsync(wallet.Trader);
            var sent = new List<(string Tx, long User)>();
            var batch = Adapters.Rpc.EthRpcExtensions.CreateBatch(wallet.Rpc);
            for (var i = 0; i < 500; i++)
            {
                var (user, address) = targets[i % 50];
                var signed = i % 2 == 0
                    ? await wallet.SignAsync(wallet.Trader, address, 1_000 + i, nonce: nonce++, gas: 21_000)
                    : await wallet.SignAsync(wallet.Trader, wallet.Usdc, 0, DevnetWallet.TokenTransferData(address, 1_000_000 + i), nonce++, 60_000);
                batch.Add(Adapters.Rpc.Eth.SendRawTransaction(signed.ToRawBytes()));
                sent.Add((signed.HashHex, user));
            }
            await batch.SendAsync();
            await wallet.MineAsync(2);
            await wallet.SetAutomineAsync(true);

            var clock = Stopwatch.StartNew();
            var scans = await harness.ScanUntilIdleAsync();
            var seenTime = clock.Elapsed;
            await wallet.MineAsync(3);
            await harness.ScanUntilIdleAsync();
            output.WriteLine($"500 transfers in {scans.Sum(s => s.Blocks)} blocks: seen in {seenTime.TotalSeconds:F1} s, final after {clock.Elapsed.TotalSeconds:F1} s");

            Assert.Equal(1000, harness.Notifier.Delivered.Count);
            Assert.Equal(1000, harness.Notifier.Messages.Count);
            foreach (var (user, _) in targets)
            {
                var mine = sent.Where(s => s.User == user).Select(s => s.Tx).ToHashSet();
                var notices = harness.Notifier.Notices(user);
                Assert.Equal(20, notices.Count);
                Assert.True(mine.SetEquals(notices.Where(n => n.Type == "seen").Select(n => n.Tx)));
                Assert.True(mine.SetEquals(notices.Where(n => n.Type == "final").Select(n => n.Tx)));
                Assert.All(harness.Notifier.Delivered.Where(m => m.DedupeKey.Contains($":{user}:", StringComparison.Ordinal)), m => Assert.Equal(user, m.ChatId));
            }
        }
        finally
        {
            await wallet.SetAutomineAsync(true);
            await wallet.RevertAsync(snapshot);
        }
    }

    private static byte[] RandomKey()
    {
        var key = new byte[32];
        System.Security.Cryptography.RandomNumberGenerator.Fill(key);
        key[0] = 0x01; // keeps it well below the curve order
        return key;
    }

    /// <summary>Invokes WatchPoll the way the standalone scheduler does.</summary>
    private static async Task InvokeWatchPollAsync(AppHost app) =>
        Assert.Contains(await FunctionCalls.RunTimerAsync(app.Services, "WatchPoll"), l => l.Contains("devnet: ", StringComparison.Ordinal));
}
