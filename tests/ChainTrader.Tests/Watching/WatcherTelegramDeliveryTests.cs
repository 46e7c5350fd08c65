using System.Diagnostics;
using ChainTrader.Core.Evm;
using ChainTrader.Application.Watching;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Watching;

/// <summary>
/// The whole path with no test doubles: the app in standalone mode (WatchPoll and Notify on their own triggers) scanning
/// the devnet, the real outbox on an Azurite of its own, and the Telegram stand-in enforcing Telegram's flood limits.
/// </summary>
[Collection(DevnetCollection.Name)]
public sealed class WatcherTelegramDeliveryTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(240);

    [Fact]
    public async Task A_burst_of_500_transfers_across_50_watchers_reaches_every_chat_through_the_outbox_within_telegrams_limits()
    {
        var wallet = await DevnetWallet.ConnectAsync();
        var snapshot = await wallet.SnapshotAsync();
        await using var azurite = await AzuriteServer.StartAsync(); // the outbox's tables are fixed names: no other test's rows here
        await using var standIn = await TelegramStandIn.StartAsync(chatLimit: "1/1000");
        try
        {
            var settings = standIn.AppSettings(azurite.ConnectionString);
            settings["DEVNET_MANIFEST"] = wallet.Devnet.ManifestPath;
            await using var app = await AppHost.StartAsync(settings);
            var commands = app.Services.GetRequiredService<WatcherCommands>();
            var scanner = app.Services.GetRequiredService<ChainScanner>();
            var targets = Enumerable.Range(0, 50).Select(i => (User: 900_000L + i, Address: PrivateKey.FromBytes(Key(i)).Address)).ToList();
            foreach (var (user, address) in targets)
                Assert.StartsWith("Watching", await commands.HandleAsync("watch", user, user, [address.ToString()], CancellationToken.None));
            // The cursor starts at the head on the first scan; from then on the WatchPoll timer does the work.
            await scanner.ScanAsync("devnet", CancellationToken.None);

            await wallet.SetAutomineAsync(false);
            var nonce = await wallet.NextNonceAsync(wallet.Trader);
            var batch = Adapters.Rpc.EthRpcExtensions.CreateBatch(wallet.Rpc);
            var sent = new List<(string Tx, long User)>();
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
            await wallet.MineAsync(4); // included, and 3 deep: final on the devnet
            await wallet.SetAutomineAsync(true);
            var watch = Stopwatch.StartNew();

            await standIn.WaitForCallsAsync(c => c.Count(x => x.Method == "sendMessage" && x.Ok) >= 1000, Patience, "1000 delivered watcher messages");
            var elapsed = watch.Elapsed;
            await Task.Delay(3000); // a duplicate would show up now
            var calls = await standIn.CallsAsync("sendMessage");
            var delivered = calls.Where(c => c.Ok).ToList();
            Assert.Equal(1000, delivered.Count);

            foreach (var (user, _) in targets)
            {
                var shown = await standIn.BotMessagesAsync(user);
                Assert.Equal(20, shown.Count);
                foreach (var tx in sent.Where(s => s.User == user).Select(s => s.Tx))
                {
                    Assert.Single(shown, m => m.Text.StartsWith("👀 Seen on devnet", StringComparison.Ordinal) && m.Text.Contains(tx, StringComparison.Ordinal));
                    Assert.Single(shown, m => m.Text.StartsWith("✅ Final on devnet", StringComparison.Ordinal) && m.Text.Contains(tx, StringComparison.Ordinal));
                }
                var times = delivered.Where(c => c.ChatId == user).Select(c => c.Time).Order().ToList();
                for (var i = 1; i < times.Count; i++)
                    Assert.True(times[i] - times[i - 1] >= TimeSpan.FromSeconds(1), $"chat {user}: two sends {(times[i] - times[i - 1]).TotalMilliseconds} ms apart");
            }
            // The overall pace is the outbox's to keep (its own tests hold it to 25/s); here it is measured and reported, and
            // anything Telegram (the stand-in, 30/s) refused must have been sent again later: nothing dropped.
            var allTimes = delivered.Select(c => c.Time).Order().ToList();
            var busiestSecond = allTimes.Select((t, i) => allTimes.Skip(i).TakeWhile(u => u - t < TimeSpan.FromSeconds(1)).Count()).Max();
            var refused = calls.Where(c => c.Status == 429).ToList();
            foreach (var refusal in refused)
                Assert.Contains(delivered, s => s.ChatId == refusal.ChatId && s.Text == refusal.Text && s.Seq > refusal.Seq);
            output.WriteLine($"1000 watcher messages delivered {elapsed.TotalSeconds:F1} s after the burst was mined; busiest second {busiestSecond}; 429s {refused.Count}");
        }
        finally
        {
            await wallet.SetAutomineAsync(true);
            await wallet.RevertAsync(snapshot);
        }
    }

    private static byte[] Key(int i)
    {
        var key = new byte[32];
        key[0] = 0x42;
        key[31] = (byte)(i + 1);
        return key;
    }
}
