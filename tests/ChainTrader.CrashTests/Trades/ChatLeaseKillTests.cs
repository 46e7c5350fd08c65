using System.Globalization;
using System.Text.RegularExpressions;
using ChainTrader.Application.Commands;
using ChainTrader.Application.Notifications;
using ChainTrader.Tests.Contracts;
using ChainTrader.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Trades;

/// <summary>
/// The kill probe: the app runs as a child process and gets a real SIGKILL while it holds a chat's delivery lease (in the
/// middle of sending a backlog to that chat). A new process over the same Azurite must reach the chat within seconds, and
/// the next quote's confirmation lifetime must count from when it reached the chat.
/// </summary>
[Collection(DevnetCollection.Name)]
public class ChatLeaseKillTests(ITestOutputHelper output)
{
    private static readonly TimeSpan QuoteTtl = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task After_a_kill_9_mid_send_the_next_quote_reaches_the_chat_within_5_s_with_its_full_lifetime()
    {
        var chain = await DevnetChain.ConnectAsync();
        await chain.InSnapshotAsync(async () =>
        {
            await TradingStack.RefreshFeedsAsync(chain);
            await using var azurite = await AzuriteServer.StartAsync();
            await using var standIn = await TelegramStandIn.StartAsync(webhookSecret: null);
            var settings = TradingStack.SettingsFor(chain, azurite, standIn, null);
            var tables = await Storage.AzuriteTables.ServiceAsync(connectionString: azurite.ConnectionString);
            var outbox = new OutboxTables(() => tables);

            await using var app = await KillableApp.StartAsync(settings, standIn, output);
            try
            {
                // A backlog of quotes for one chat: the app paces them under one a second, holding the chat's lease meanwhile.
                for (var i = 0; i < 3; i++) await standIn.SendUserMessageAsync(TradingStack.Trader, TradingStack.Trader, "/buy ETH 200", wait: true);
                await Until.TrueAsync(async () => (await standIn.BotMessagesAsync(TradingStack.Trader)).Any(m => m.Buttons.Count > 0)
                                            && await LeaseHeldAsync(outbox), TimeSpan.FromSeconds(60), "a quote delivered while the chat's lease is held");
            }
            finally
            {
                await app.KillAsync(); // SIGKILL: no shutdown, the lease row stays as the dead process left it
            }
            var killedAt = DateTimeOffset.UtcNow;
            output.WriteLine($"killed; lease held: {await LeaseHeldAsync(outbox)}");

            await app.RestartAsync();
            output.WriteLine($"restarted in {(DateTimeOffset.UtcNow - killedAt).TotalSeconds:0.0} s");
            var sent = DateTimeOffset.UtcNow;
            var id = TradeCommandsHandler.TradeIdOf((await standIn.SendUserMessageAsync(TradingStack.Trader, TradingStack.Trader, "/buy ETH 200", wait: true)).UpdateId);
            StandInMessage? quote = null;
            await Until.TrueAsync(async () => (quote = (await standIn.BotMessagesAsync(TradingStack.Trader)).FirstOrDefault(m => m.Text.Contains(id) && m.Buttons.Count > 0)) is not null,
                TimeSpan.FromSeconds(90), $"the quote of {id}");
            var delivered = (await standIn.CallsAsync("sendMessage", TradingStack.Trader)).Last(c => c.Ok && c.Text!.Contains(id)).Time;
            output.WriteLine($"quote of {id} reached the chat {(delivered - sent).TotalSeconds:0.0} s after /buy");
            Assert.True(delivered - sent <= TimeSpan.FromSeconds(5), $"the quote reached the chat {(delivered - sent).TotalSeconds:0.0} s after /buy");

            // Confirmable, and its lifetime counts from delivery: the trade's expiry is (to the second shown) delivery + 60 s.
            var press = await standIn.PressButtonAsync(TradingStack.Trader, TradingStack.Trader, quote!.MessageId,
                quote.Buttons.SelectMany(r => r).Select(b => b.CallbackData).First(d => d!.StartsWith("tc:", StringComparison.Ordinal))!, wait: true);
            Assert.Contains("Confirmed (LIVE)", TradingStack.Toast(press));
            await standIn.SendUserMessageAsync(TradingStack.Trader, TradingStack.Trader, $"/status {id}", wait: true);
            var story = "";
            await Until.TrueAsync(async () => (story = (await standIn.BotMessagesAsync(TradingStack.Trader)).LastOrDefault(m => m.Text.Contains($"Trade {id}:"))?.Text ?? "").Contains("expires"),
                TimeSpan.FromSeconds(30), $"/status {id}");
            var expires = DateTimeOffset.ParseExact(Regex.Match(story, @"expires (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC").Groups[1].Value,
                "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            Assert.True(expires >= delivered + QuoteTtl - TimeSpan.FromSeconds(1), $"expires {expires:O}, delivered {delivered:O}:\n{story}");
        });
    }

    /// <summary>The chat's lease row names a live owner and an unexpired lease.</summary>
    private static async Task<bool> LeaseHeldAsync(OutboxTables outbox)
    {
        await outbox.EnsureCreatedAsync(default);
        var row = await outbox.Chats.GetAsync(OutboxTables.LeasePartition, OutboxTables.ChatKey(TradingStack.Trader), cancellationToken: default);
        return row is not null && row.Contains("Owner") && row.GetString("Owner").Length > 0 && row.GetDateTimeOffset("LeaseUntil") > DateTimeOffset.UtcNow;
    }
}
