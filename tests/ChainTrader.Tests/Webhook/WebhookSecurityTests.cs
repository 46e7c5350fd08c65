using System.Net;
using System.Text;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Commands;
using ChainTrader.Application.Gates;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static ChainTrader.Tests.Webhook.TelegramInFixture;

namespace ChainTrader.Tests.Webhook;

/// <summary>Only a request with the secret reaches the bot; bad bodies are refused cleanly; strangers and traders change nothing.</summary>
[Collection(TelegramInCollection.Name)]
public class WebhookSecurityTests(TelegramInFixture fixture) : IAsyncLifetime
{
    public Task InitializeAsync() => fixture.ResetGatesAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("wrong-secret")]
    [InlineData(AppHost.WebhookSecret + "x")]
    public async Task MissingOrWrongSecretGets401AndNoEffect(string? secret)
    {
        var notifier = new RecordingNotifier();
        await using var app = await fixture.StartAppAsync(notifier);
        var (status, body, _) = await Updates.PostAsync(app, Updates.Message(NextUpdateId(), SuperAdmin, "/emergency_stop"), secret);

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains(TelegramWebhookEndpoint.SecretHeader, body);
        Assert.Empty(notifier.Messages);
        Assert.False((await Gates(app).CurrentAsync(default)).EmergencyStop);
    }

    [Fact]
    public async Task OversizedBodiesGet413WithOrWithoutAContentLength()
    {
        var notifier = new RecordingNotifier();
        await using var app = await fixture.StartAppAsync(notifier, tweak: s => s["TELEGRAM_WEBHOOK_MAX_BODY_BYTES"] = "2048");
        var big = Updates.Message(NextUpdateId(), SuperAdmin, "/emergency_stop " + new string('x', 3000));

        var (status, body, _) = await Updates.PostAsync(app, big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("larger than 2048 bytes", body);

        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = new ChunkedContent(Encoding.UTF8.GetBytes(big)) };
        chunked.Headers.Add(TelegramWebhookEndpoint.SecretHeader, AppHost.WebhookSecret);
        using var response = await app.Http.SendAsync(chunked);
        Assert.Null(chunked.Content.Headers.ContentLength);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(notifier.Messages);
        Assert.False((await Gates(app).CurrentAsync(default)).EmergencyStop);
    }

    [Theory]
    [InlineData("{not json", "Malformed JSON")]
    [InlineData("[1,2]", "numeric update_id is required")]
    [InlineData("{\"message\":{}}", "numeric update_id is required")]
    [InlineData("{\"update_id\":\"12\"}", "numeric update_id is required")]
    [InlineData("{\"update_id\":12,\"message\":{\"message_id\":\"x\"}}", "Malformed JSON")]
    public async Task MalformedBodiesGet400WithTheReason(string body, string reason)
    {
        var notifier = new RecordingNotifier();
        await using var app = await fixture.StartAppAsync(notifier);
        var (status, answer, _) = await Updates.PostAsync(app, body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(reason, answer);
        Assert.Empty(notifier.Messages);
    }

    [Fact]
    public async Task StrangersGetAPoliteRefusalForEverythingButStartHelpAndTheWatcherAndChangeNothing()
    {
        var notifier = new RecordingNotifier();
        await using var app = await fixture.StartAppAsync(notifier);

        foreach (var text in new[] { "/emergency_stop", "/execution_mode LIVE", "/maintenance_mode on", "/buy ETH 10", "/frobnicate", "hello" })
        {
            var id = NextUpdateId();
            await Updates.DeliverAsync(app, Updates.Message(id, Stranger, text));
            Assert.Contains("private trading desk", notifier.Reply(id).Html);
            Assert.Contains(Stranger.ToString(), notifier.Reply(id).Html);
        }
        var start = NextUpdateId();
        await Updates.DeliverAsync(app, Updates.Message(start, Stranger, "/start"));
        Assert.Contains("open only to the traders on its list", notifier.Reply(start).Html);
        var help = NextUpdateId();
        await Updates.DeliverAsync(app, Updates.Message(help, Stranger, "/help"));
        Assert.Contains("<b>Commands for a guest</b>", notifier.Reply(help).Html);
        Assert.Contains("/watch ADDRESS [CHAIN] [LABEL]", notifier.Reply(help).Html);
        Assert.DoesNotContain("/buy", notifier.Reply(help).Html);

        var gates = await Gates(app).CurrentAsync(default);
        Assert.Equal((ExecutionMode.DryRun, false, false), (gates.Mode, gates.EmergencyStop, gates.MaintenanceMode));
        Assert.Empty(await fixture.Table("RuntimeGates").QueryAsync().ToListAsync());
    }

    [Fact]
    public async Task StartAndHelpNameTheSendersRoleInPlainEnglish()
    {
        var notifier = new RecordingNotifier();
        await using var app = await fixture.StartAppAsync(notifier);
        foreach (var (user, role) in new[] { (Admin, "an admin"), (SuperAdmin, "a super-admin"), (Trader, "a trader") })
        {
            var start = NextUpdateId();
            await Updates.DeliverAsync(app, Updates.Message(start, user, "/start"));
            Assert.StartsWith($"Welcome to ChainTrader. You are signed in as <b>{role}</b> (user id <code>{user}</code>).", notifier.Reply(start).Html);
            var help = NextUpdateId();
            await Updates.DeliverAsync(app, Updates.Message(help, user, "/help"));
            Assert.StartsWith($"<b>Commands for {role}</b>", notifier.Reply(help).Html);
        }
    }

    [Fact]
    public async Task TradersCannotUseAdminCommandsAndBadArgumentsGetTheUsage()
    {
        var notifier = new RecordingNotifier();
        await using var app = await fixture.StartAppAsync(notifier);

        var stop = NextUpdateId();
        await Updates.DeliverAsync(app, Updates.Message(stop, Trader, "/emergency_stop"));
        Assert.Equal("/emergency_stop is for admins; you are a trader. Send /help for your commands.", notifier.Reply(stop).Html);
        Assert.False((await Gates(app).CurrentAsync(default)).EmergencyStop);

        var buy = NextUpdateId();
        await Updates.DeliverAsync(app, Updates.Message(buy, Trader, "/buy ETH 25"));
        // This deployment has no tradable tokens configured: the trade command says so instead of guessing.
        Assert.StartsWith("No tradable tokens are configured on the trading chain", notifier.Reply(buy).Html);

        var bad = NextUpdateId();
        await Updates.DeliverAsync(app, Updates.Message(bad, Trader, "/buy ETH 1,5"));
        Assert.Contains("has a comma", notifier.Reply(bad).Html);
        Assert.Contains("Usage: /buy AMOUNT SYMBOL [with TOKEN]", notifier.Reply(bad).Html);

        var help = NextUpdateId();
        await Updates.DeliverAsync(app, Updates.Message(help, Trader, "/help@chaintrader_bot"));
        var text = notifier.Reply(help).Html;
        Assert.Contains("Commands for a trader", text);
        Assert.Contains("/buy AMOUNT SYMBOL [with TOKEN] — Spend AMOUNT of the quote token (USDC), or of TOKEN, on SYMBOL", text);
        Assert.DoesNotContain("not enabled", text);
        Assert.DoesNotContain("/emergency_stop", text);

        var otherBot = NextUpdateId();
        await Updates.DeliverAsync(app, Updates.Message(otherBot, Trader, "/help@some_other_bot", chatId: -100123));
        Assert.DoesNotContain(notifier.Messages, m => m.DedupeKey == $"reply:{otherBot}");
    }

    private static IRuntimeGates Gates(AppHost app) => app.Services.GetRequiredService<IRuntimeGates>();

    /// <summary>Content without a length, so the body goes out chunked.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
