using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChainTrader.Adapters.Telegram;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Gates;
using ChainTrader.Tests.Infrastructure;
using ChainTrader.Tests.Webhook.Browser;
using Microsoft.Extensions.DependencyInjection;
using static ChainTrader.Tests.Webhook.TelegramInFixture;
using Telegram.Bot;

namespace ChainTrader.Tests.Webhook;

/// <summary>
/// The whole inbound-to-outbound path: the Telegram stand-in delivers updates to the real app's webhook (with the
/// secret), the app answers through its outbox and Bot API client, and the chat shows it, also in a real browser.
/// </summary>
[Collection(TelegramInCollection.Name)]
public class StandInEndToEndTests(TelegramInFixture fixture) : IAsyncLifetime
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(20);
    private TelegramStandIn _standIn = null!;
    private AppHost _app = null!;

    public async Task InitializeAsync()
    {
        await fixture.ResetGatesAsync();
        _standIn = await TelegramStandIn.StartAsync(webhookSecret: null);
        var settings = fixture.Settings();
        settings["TELEGRAM_API_BASE_URL"] = _standIn.BaseUrl.AbsoluteUri;
        settings["TELEGRAM_BOT_TOKEN"] = _standIn.Token;
        _app = await AppHost.StartAsync(settings, ownTimers: false);
        // The app's own Bot API client points the stand-in's webhook at the app, as the deployment step does on Telegram.
        await _app.Services.GetRequiredService<TelegramBotApi>().Client().SetWebhook(
            new Uri(_app.BaseAddress, "/telegram/webhook").AbsoluteUri, secretToken: AppHost.WebhookSecret, dropPendingUpdates: true);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _standIn.DisposeAsync();
    }

    [Fact]
    public async Task HelpIsAnsweredInTheChatAndADuplicateUpdateIsAnsweredOnce()
    {
        var sent = await _standIn.SendUserMessageAsync(Trader, Trader, "/help", wait: true);
        Assert.Equal(200, sent.Delivery!.Value.GetProperty("status").GetInt32());
        var help = await BotMessageAsync(Trader, m => m.Text.Contains("Commands for a trader"));
        Assert.Contains("/buy AMOUNT SYMBOL [with TOKEN] — Spend AMOUNT of the quote token (USDC), or of TOKEN, on SYMBOL", help.Text);

        // Telegram redelivers the same update (e.g. after a timeout): five more deliveries, still one answer.
        var update = JsonNode.Parse($$"""
            { "update_id": {{sent.UpdateId}}, "message": { "message_id": {{sent.MessageId}}, "date": 1790000000, "text": "/help",
              "from": { "id": {{Trader}}, "is_bot": false, "first_name": "T" }, "chat": { "id": {{Trader}}, "type": "private" } } }
            """);
        using var control = new HttpClient { BaseAddress = _standIn.ControlUrl };
        for (var i = 0; i < 5; i++)
        {
            using var response = await control.PostAsJsonAsync("deliver", new JsonObject { ["update"] = update!.DeepClone(), ["wait"] = true });
            response.EnsureSuccessStatusCode();
            var delivery = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("delivery");
            Assert.Equal(200, delivery.GetProperty("status").GetInt32());
        }
        await _standIn.SendUserMessageAsync(Trader, Trader, "/start", wait: true);
        await BotMessageAsync(Trader, m => m.Text.Contains("Welcome to ChainTrader"));
        Assert.Single(await _standIn.BotMessagesAsync(Trader), m => m.Text.Contains("Commands for a trader"));
    }

    [Fact]
    public async Task TheCommandMenuIsRegisteredPerRoleAtStart()
    {
        // Other apps of this collection register on the same stand-in, so wait for each scope rather than for a count.
        long[] scopes = [0, Trader, Admin, SuperAdmin];
        var calls = await _standIn.WaitForCallsAsync(c => scopes.All(scope => c.Any(x => x.Method == "setMyCommands" && x.Ok && ChatScope(x) == scope)),
            ReplyTimeout, "setMyCommands for the default scope and each listed user's chat");
        var menus = calls.Where(c => c.Method == "setMyCommands" && c.Ok && ChatScope(c) is not null)
            .GroupBy(c => ChatScope(c)!.Value)
            .ToDictionary(g => g.Key, g => g.Last().Params.GetProperty("commands").EnumerateArray().Select(x => x.GetProperty("command").GetString()).ToList());
        Assert.Equal(["start", "help", "watch", "unwatch", "watches", "tx"], menus[0]);
        Assert.Equal(17, menus[Trader].Count);
        Assert.Contains("emergency_stop", menus[Admin]);
        // A super-admin's menu is an admin's plus /emergency_resume, which only a super-admin may use.
        Assert.Equal(menus[Admin], menus[SuperAdmin].Where(c => c != "emergency_resume"));
        Assert.Contains("emergency_resume", menus[SuperAdmin]);
    }

    /// <summary>The default scope as 0, a chat scope as its chat id, any other scope (a chat member's) as null.</summary>
    private static long? ChatScope(StandInCall call) =>
        !call.Params.TryGetProperty("scope", out var scope) ? 0
        : scope.GetProperty("type").GetString() switch { "default" => 0, "chat" => scope.GetProperty("chat_id").GetInt64(), _ => null };

    [Fact]
    public async Task LiveIsConfirmedWithTheButtonByTheSuperAdminWhoAskedOnly()
    {
        await _standIn.SendUserMessageAsync(SuperAdmin, SuperAdmin, "/execution_mode LIVE", wait: true);
        var prompt = await BotMessageAsync(SuperAdmin, m => m.Buttons.Count == 1);
        var (confirmText, confirmData) = prompt.Buttons[0][0];
        Assert.Equal("Confirm LIVE", confirmText);

        // Another super-admin presses the button (in a shared view of the message): refused, with the reason as a toast.
        var foreign = await _standIn.PressButtonAsync(SuperAdmin, OtherSuperAdmin, prompt.MessageId, confirmData!, wait: true);
        Assert.Contains("Only the super-admin who asked for LIVE", foreign.Delivery!.Value.GetProperty("body").GetString());
        Assert.Equal(ExecutionMode.DryRun, await ModeAsync());

        var own = await _standIn.PressButtonAsync(SuperAdmin, SuperAdmin, prompt.MessageId, confirmData!, wait: true);
        Assert.Contains("LIVE is on.", own.Delivery!.Value.GetProperty("body").GetString());
        var edited = await BotMessageAsync(SuperAdmin, m => m.MessageId == prompt.MessageId && m.Edited);
        Assert.Equal("Execution mode is now LIVE (was DRY_RUN).", edited.Text);
        Assert.Empty(edited.Buttons);
        Assert.Equal(ExecutionMode.Live, await ModeAsync());
        var answers = await _standIn.CallsAsync("answerCallbackQuery");
        Assert.Equal(2, answers.Count(a => a.Ok));
    }

    [Fact]
    public async Task TheChatPageWorksInAHeadlessBrowser()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(12)); // includes installing chromium on a fresh machine
        await using var browser = await Chromium.LaunchAsync(timeout.Token);
        await using var devtools = await DevToolsClient.ConnectAsync(browser.WebSocketUrl, timeout.Token);
        var page = await devtools.OpenPageAsync(timeout.Token);

        await page.NavigateAsync(_standIn.ChatUrl, timeout.Token);
        await page.EvaluateAsync($$"""
            (() => {
              for (const [id, value] of [['user-id', '{{Trader}}'], ['chat-id', '{{Trader}}']]) {
                const input = document.getElementById(id);
                input.value = value;
                input.dispatchEvent(new Event('change'));
              }
              document.getElementById('message-input').value = '/help';
              document.getElementById('send-button').click();
            })()
            """, timeout.Token);
        await page.WaitUntilAsync(
            "[...document.querySelectorAll('#messages .bot-message')].some(m => m.textContent.includes('Commands for a trader'))",
            ReplyTimeout, timeout.Token);

        // The command chips are the menu of the user chatting: a trader's, without the admin commands.
        await page.WaitUntilAsync(
            "(() => { const chips = [...document.querySelectorAll('#commands button')].map(b => b.textContent); return chips.includes('/buy') && !chips.includes('/emergency_stop'); })()",
            ReplyTimeout, timeout.Token);

        var shown = await page.EvaluateAsync("document.querySelector('#messages .user-message').textContent", timeout.Token);
        Assert.Contains("/help", shown.GetString());
        var screenshot = Path.Combine(AppContext.BaseDirectory, "screenshots", "standin-chat-help.png");
        var png = await page.ScreenshotAsync(screenshot, timeout.Token);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.True(png.Length > 5_000, $"the screenshot is suspiciously small ({png.Length} bytes)");
    }

    private async Task<StandInMessage> BotMessageAsync(long chatId, Func<StandInMessage, bool> match)
    {
        var deadline = DateTime.UtcNow + ReplyTimeout;
        while (true)
        {
            var messages = await _standIn.BotMessagesAsync(chatId);
            if (messages.FirstOrDefault(match) is { } found) return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No matching bot message in chat {chatId}; it has: {string.Join(" | ", messages.Select(m => m.Text))}");
            await Task.Delay(100);
        }
    }

    private async Task<ExecutionMode> ModeAsync()
    {
        await Task.Delay(TimeSpan.FromSeconds(1.05)); // past one poll interval (GATES_POLL_INTERVAL_S=1)
        return (await _app.Services.GetRequiredService<IRuntimeGates>().CurrentAsync(default)).Mode;
    }
}
