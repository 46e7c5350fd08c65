using ChainTrader.Adapters.Telegram;
using ChainTrader.Application.Watching;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Telegram.Bot;

namespace ChainTrader.Tests.Watching;

/// <summary>
/// The watcher's commands as a stranger uses them in Telegram: typed into the stand-in, delivered to the app's webhook,
/// answered through the outbox; then the watched address's transfer arrives in the same chat as seen and final.
/// </summary>
[Collection(DevnetCollection.Name)]
public sealed class WatcherTelegramCommandsTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private const long Stranger = 7_770_001;

    [Fact]
    public async Task A_stranger_watches_an_address_in_the_chat_and_hears_about_its_transfer_there()
    {
        var wallet = await DevnetWallet.ConnectAsync();
        var snapshot = await wallet.SnapshotAsync();
        await using var azurite = await AzuriteServer.StartAsync(); // the outbox and dedupe tables have fixed names
        await using var standIn = await TelegramStandIn.StartAsync(webhookSecret: null);
        try
        {
            var settings = standIn.AppSettings(azurite.ConnectionString);
            settings["DEVNET_MANIFEST"] = wallet.Devnet.ManifestPath;
            await using var app = await AppHost.StartAsync(settings, ownTimers: false);
            await app.Services.GetRequiredService<TelegramBotApi>().Client().SetWebhook(
            new Uri(app.BaseAddress, "/telegram/webhook").AbsoluteUri, secretToken: AppHost.WebhookSecret, dropPendingUpdates: true);
            var scanner = app.Services.GetRequiredService<ChainScanner>();
            await scanner.ScanAsync("devnet", CancellationToken.None);
            var bob = wallet.AccountAddress("bob");

            await standIn.SendUserMessageAsync(Stranger, Stranger, "/watch 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293Bc", wait: true);
            Assert.Contains("EIP-55 checksum is wrong", (await BotMessageAsync(standIn, m => m.Text.Contains("checksum"))).Text);
            await standIn.SendUserMessageAsync(Stranger, Stranger, $"/watch {bob} devnet my wallet", wait: true);
            Assert.StartsWith($"Watching my wallet {bob} on devnet.", (await BotMessageAsync(standIn, m => m.Text.StartsWith("Watching", StringComparison.Ordinal))).Text);
            await standIn.SendUserMessageAsync(Stranger, Stranger, "/watches", wait: true);
            Assert.Contains($"• my wallet {bob} on devnet", (await BotMessageAsync(standIn, m => m.Text.StartsWith("Your watches", StringComparison.Ordinal))).Text);

            var tx = await wallet.SendTokenAsync(wallet.Trader, wallet.Usdc, bob, DevnetWallet.Units("42.5", 6));
            await scanner.ScanAsync("devnet", CancellationToken.None);
            var seen = await BotMessageAsync(standIn, m => m.Text.StartsWith("👀 Seen on devnet", StringComparison.Ordinal));
            var bobShort = Core.Watching.WatchMessages.ShortAddress(bob);
            Assert.Contains($"my wallet ({bobShort}) received 42.5 USDC from {Core.Watching.WatchMessages.ShortAddress(wallet.Trader.Address)}", seen.Text);
            Assert.Contains(tx, seen.Text);
            await wallet.MineAsync(2);
            await scanner.ScanAsync("devnet", CancellationToken.None);
            Assert.Contains(tx, (await BotMessageAsync(standIn, m => m.Text.StartsWith("✅ Final on devnet", StringComparison.Ordinal))).Text);

            await standIn.SendUserMessageAsync(Stranger, Stranger, $"/tx {tx}", wait: true);
            var status = await BotMessageAsync(standIn, m => m.Text.StartsWith("Transaction on devnet", StringComparison.Ordinal));
            Assert.Contains("final (3 confirmations)", status.Text);
            Assert.Contains($"sent 42.5 USDC to {bobShort}", status.Text);

            await standIn.SendUserMessageAsync(Stranger, Stranger, "/unwatch my wallet", wait: true);
            Assert.StartsWith("Stopped watching my wallet", (await BotMessageAsync(standIn, m => m.Text.StartsWith("Stopped", StringComparison.Ordinal))).Text);
            Assert.Empty(await app.Services.GetRequiredService<WatchStore>().ListForUserAsync(Stranger, CancellationToken.None));
        }
        finally
        {
            await wallet.RevertAsync(snapshot);
        }
    }

    private static async Task<StandInMessage> BotMessageAsync(TelegramStandIn standIn, Func<StandInMessage, bool> match)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var found = (await standIn.BotMessagesAsync(Stranger)).Where(match).ToList();
            if (found.Count > 0) return Assert.Single(found);
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No matching bot message within {Patience.TotalSeconds} s; the chat has: " +
                                           string.Join(" | ", (await standIn.BotMessagesAsync(Stranger)).Select(m => m.Text)));
            await Task.Delay(200);
        }
    }
}
