using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ChainTrader.Functions.Commands;
using ChainTrader.Functions.Notifications;
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

            var first = await StartAppAsync(settings, standIn);
            try
            {
                // A backlog of quotes for one chat: the app paces them under one a second, holding the chat's lease meanwhile.
                for (var i = 0; i < 3; i++) await standIn.SendUserMessageAsync(TradingStack.Trader, TradingStack.Trader, "/buy ETH 200", wait: true);
                await WaitAsync(async () => (await standIn.BotMessagesAsync(TradingStack.Trader)).Any(m => m.Buttons.Count > 0)
                                            && await LeaseHeldAsync(outbox), TimeSpan.FromSeconds(60), "a quote delivered while the chat's lease is held");
            }
            finally
            {
                first.Kill(); // SIGKILL: no shutdown, the lease row stays as the dead process left it
                await first.WaitForExitAsync();
            }
            var killedAt = DateTimeOffset.UtcNow;
            output.WriteLine($"killed; lease held: {await LeaseHeldAsync(outbox)}");

            using var second = await StartAppAsync(settings, standIn);
            try
            {
                output.WriteLine($"restarted in {(DateTimeOffset.UtcNow - killedAt).TotalSeconds:0.0} s");
                var sent = DateTimeOffset.UtcNow;
                var id = TradeCommandsHandler.TradeIdOf((await standIn.SendUserMessageAsync(TradingStack.Trader, TradingStack.Trader, "/buy ETH 200", wait: true)).UpdateId);
                StandInMessage? quote = null;
                await WaitAsync(async () => (quote = (await standIn.BotMessagesAsync(TradingStack.Trader)).FirstOrDefault(m => m.Text.Contains(id) && m.Buttons.Count > 0)) is not null,
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
                await WaitAsync(async () => (story = (await standIn.BotMessagesAsync(TradingStack.Trader)).LastOrDefault(m => m.Text.Contains($"Trade {id}:"))?.Text ?? "").Contains("expires"),
                    TimeSpan.FromSeconds(30), $"/status {id}");
                var expires = DateTimeOffset.ParseExact(Regex.Match(story, @"expires (\d{4}-\d\d-\d\d \d\d:\d\d:\d\d) UTC").Groups[1].Value,
                    "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
                Assert.True(expires >= delivered + QuoteTtl - TimeSpan.FromSeconds(1), $"expires {expires:O}, delivered {delivered:O}:\n{story}");
            }
            finally
            {
                second.Kill();
                await second.WaitForExitAsync();
            }
        });
    }

    /// <summary>The chat's lease row names a live owner and an unexpired lease.</summary>
    private static async Task<bool> LeaseHeldAsync(OutboxTables outbox)
    {
        await outbox.EnsureCreatedAsync(default);
        var row = await outbox.Chats.GetAsync(OutboxTables.LeasePartition, OutboxTables.ChatKey(TradingStack.Trader), cancellationToken: default);
        return row is not null && row.Contains("Owner") && row.GetString("Owner").Length > 0 && row.GetDateTimeOffset("LeaseUntil") > DateTimeOffset.UtcNow;
    }

    /// <summary>The built function app as its own process (standalone, on a free loopback port), its webhook set on the stand-in.</summary>
    private async Task<Process> StartAppAsync(Dictionary<string, string?> settings, TelegramStandIn standIn)
    {
        var port = AppHost.FreePort();
        var dll = Path.Combine(RepoPaths.Root, "src", "ChainTrader.Functions", "bin", "Debug", "net10.0", "ChainTrader.Functions.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "--urls", $"http://127.0.0.1:{port}" }) start.ArgumentList.Add(arg);
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        start.Environment["LOCAL_SETTINGS_PATH"] = Path.Combine(Path.GetTempPath(), "chaintrader-tests-no-local-settings.json");
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.WriteLine("app: " + e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var app = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { BaseAddress = app, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            await WaitAsync(async () =>
            {
                if (process.HasExited) throw new InvalidOperationException($"the app exited with {process.ExitCode}");
                try { return (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK; }
                catch (HttpRequestException) { return false; }
            }, TimeSpan.FromSeconds(90), "the app's /readyz");
            using var setWebhook = await http.PostAsJsonAsync(standIn.BaseUrl.AbsoluteUri.TrimEnd('/') + $"/bot{standIn.Token}/setWebhook",
                new Dictionary<string, string> { ["url"] = new Uri(app, "/telegram/webhook").AbsoluteUri, ["secret_token"] = AppHost.WebhookSecret });
            setWebhook.EnsureSuccessStatusCode();
            return process;
        }
        catch
        {
            process.Kill();
            throw;
        }
    }

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}.");
            await Task.Delay(100);
        }
    }
}
