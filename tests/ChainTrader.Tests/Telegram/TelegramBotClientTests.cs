using ChainTrader.Adapters.Telegram;
using ChainTrader.Core.Telegram;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChainTrader.Tests.Telegram;

public sealed class StandInFixture : IAsyncLifetime
{
    public TelegramStandIn StandIn { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await NodeKit.EnsureInstalledAsync();
        StandIn = await TelegramStandIn.StartAsync(chatLimit: "off", globalLimit: "off");
    }

    public async Task DisposeAsync() => await StandIn.DisposeAsync();
}

/// <summary>The Bot API client against the Telegram stand-in: every method, and Telegram's errors mapped to exceptions.</summary>
public class TelegramBotClientTests(StandInFixture fixture) : IClassFixture<StandInFixture>
{
    private TelegramStandIn StandIn => fixture.StandIn;

    internal static (TelegramBotClient Client, ServiceProvider Services) CreateClient(TelegramStandIn standIn, LogCapture? logs = null, string? token = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null) b.AddProvider(logs);
        });
        services.AddTelegramBotClient(o =>
        {
            o.BaseUrl = standIn.BaseUrl;
            o.Token = token ?? standIn.Token;
        });
        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<TelegramBotClient>(), provider);
    }

    [Fact]
    public async Task GetMeDescribesTheBot()
    {
        var (client, services) = CreateClient(StandIn);
        await using var _ = services;
        var me = await client.GetMeAsync(CancellationToken.None);
        Assert.True(me.IsBot);
        Assert.Equal(123456, me.Id);
        Assert.Equal("chaintrader_bot", me.Username);
    }

    [Fact]
    public async Task SendMessageSendsHtmlWithKeyboardAndNoLinkPreview()
    {
        var (client, services) = CreateClient(StandIn);
        await using var _ = services;
        const long chat = 710001;
        var sent = await client.SendMessageAsync(chat, $"<b>Quote</b> for {TelegramHtml.Escape("<ETH & co>")}: https://example.org",
            [[new InlineButton("Confirm", "confirm:1"), new InlineButton("Cancel", "cancel:1")]], CancellationToken.None);

        Assert.Equal(chat, sent.Chat.Id);
        Assert.Equal("Quote for <ETH & co>: https://example.org", sent.Text);
        var shown = Assert.Single(await StandIn.BotMessagesAsync(chat));
        Assert.Equal(sent.MessageId, shown.MessageId);
        Assert.Equal([("Confirm", (string?)"confirm:1"), ("Cancel", "cancel:1")], shown.Buttons.Single());
        var call = (await StandIn.CallsAsync("sendMessage", chat)).Single();
        Assert.Equal("HTML", call.Params.GetProperty("parse_mode").GetString());
        Assert.True(call.Params.GetProperty("link_preview_options").GetProperty("is_disabled").GetBoolean());
    }

    [Fact]
    public async Task EditMessageTextReplacesTextAndRemovesTheKeyboard()
    {
        var (client, services) = CreateClient(StandIn);
        await using var _ = services;
        const long chat = 710002;
        var sent = await client.SendMessageAsync(chat, "pending", [[new InlineButton("Confirm", "c:1")]], CancellationToken.None);
        var edited = await client.EditMessageTextAsync(chat, sent.MessageId, "<i>filled</i>", null, CancellationToken.None);

        Assert.Equal(sent.MessageId, edited.MessageId);
        var shown = Assert.Single(await StandIn.BotMessagesAsync(chat));
        Assert.Equal("filled", shown.Text);
        Assert.True(shown.Edited);
        Assert.Empty(shown.Buttons);

        var again = await Assert.ThrowsAsync<TelegramApiException>(() => client.EditMessageTextAsync(chat, sent.MessageId, "<i>filled</i>", null, CancellationToken.None));
        Assert.True(again.IsMessageNotModified);
        Assert.Equal(400, again.ErrorCode);
    }

    [Fact]
    public async Task AnswerCallbackQueryAnswersAPressOnce()
    {
        var (client, services) = CreateClient(StandIn);
        await using var _ = services;
        const long chat = 710003;
        var sent = await client.SendMessageAsync(chat, "Confirm?", [[new InlineButton("Yes", "yes:1")]], CancellationToken.None);
        var press = await StandIn.PressButtonAsync(chat, chat, sent.MessageId, "yes:1");

        await client.AnswerCallbackQueryAsync(press.CallbackQueryId!, "Confirmed", false, CancellationToken.None);
        var twice = await Assert.ThrowsAsync<TelegramApiException>(() => client.AnswerCallbackQueryAsync(press.CallbackQueryId!, null, false, CancellationToken.None));
        Assert.Equal(400, twice.ErrorCode);
        Assert.True(twice.IsPermanentForMessage);
    }

    [Fact]
    public async Task SetMyCommandsPerScope()
    {
        var (client, services) = CreateClient(StandIn);
        await using var _ = services;
        await client.SetMyCommandsAsync([new BotCommand("start", "Start"), new BotCommand("price", "Price of a token")], null, CancellationToken.None);
        await client.SetMyCommandsAsync([new BotCommand("emergency_stop", "Stop all trading")], BotCommandScope.Chat(4242), CancellationToken.None);

        var info = await StandIn.InfoAsync();
        Assert.Equal(["start", "price"], info.GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("command").GetString()));
        var scoped = (await StandIn.CallsAsync("setMyCommands")).Last();
        Assert.Equal("chat", scoped.Params.GetProperty("scope").GetProperty("type").GetString());
        Assert.Equal(4242, scoped.Params.GetProperty("scope").GetProperty("chat_id").GetInt64());

        var bad = await Assert.ThrowsAsync<TelegramApiException>(() => client.SetMyCommandsAsync([new BotCommand("Bad-Name", "x")], null, CancellationToken.None));
        Assert.Contains("BOT_COMMAND_INVALID", bad.Description);
    }

    [Fact]
    public async Task WebhookCanBeSetInspectedAndDeleted()
    {
        // A stand-in of its own: the webhook is global state.
        await using var standIn = await TelegramStandIn.StartAsync();
        var (client, services) = CreateClient(standIn);
        await using var _ = services;

        await client.SetWebhookAsync(new Uri("http://127.0.0.1:9/telegram/webhook"), "s3cret_token-1", ["message", "callback_query"], dropPendingUpdates: true, CancellationToken.None);
        var info = await client.GetWebhookInfoAsync(CancellationToken.None);
        Assert.Equal("http://127.0.0.1:9/telegram/webhook", info.Url);
        Assert.Equal(["message", "callback_query"], info.AllowedUpdates);
        Assert.True((await standIn.InfoAsync()).GetProperty("webhook").GetProperty("secret_set").GetBoolean());
        var setCall = (await standIn.CallsAsync("setWebhook")).Single();
        Assert.True(setCall.Params.GetProperty("drop_pending_updates").GetBoolean());
        Assert.Equal("s3cret_token-1", setCall.Params.GetProperty("secret_token").GetString());

        await client.DeleteWebhookAsync(dropPendingUpdates: false, CancellationToken.None);
        Assert.Equal("", (await client.GetWebhookInfoAsync(CancellationToken.None)).Url);

        var refused = await Assert.ThrowsAsync<TelegramApiException>(() =>
            client.SetWebhookAsync(new Uri("http://127.0.0.1:9/hook"), "bad secret!", null, false, CancellationToken.None));
        Assert.Contains("secret token", refused.Description);
    }

    [Fact]
    public async Task ErrorsCarryTelegramsCodeAndDescription()
    {
        var (client, services) = CreateClient(StandIn);
        await using var _ = services;

        var badHtml = await Assert.ThrowsAsync<TelegramApiException>(() => client.SendMessageAsync(710004, "<div>x</div>", null, CancellationToken.None));
        Assert.Equal(400, badHtml.ErrorCode);
        Assert.Contains("can't parse entities", badHtml.Description);
        Assert.Equal("sendMessage", badHtml.Method);
        Assert.IsNotType<TelegramRateLimitedException>(badHtml);

        var missing = await Assert.ThrowsAsync<TelegramApiException>(() => client.EditMessageTextAsync(710004, 999_999, "x", null, CancellationToken.None));
        Assert.Contains("message to edit not found", missing.Description);

        var (wrongToken, wrongServices) = CreateClient(StandIn, token: "999:wrong-token");
        await using var __ = wrongServices;
        var unauthorized = await Assert.ThrowsAsync<TelegramApiException>(() => wrongToken.GetMeAsync(CancellationToken.None));
        Assert.Equal(401, unauthorized.ErrorCode);
        Assert.False(unauthorized.IsPermanentForMessage);
    }

    [Fact]
    public async Task TooManyRequestsBecomesRateLimitedWithRetryAfter()
    {
        await using var standIn = await TelegramStandIn.StartAsync(chatLimit: "1/5000");
        var (client, services) = CreateClient(standIn);
        await using var _ = services;

        await client.SendMessageAsync(710005, "one", null, CancellationToken.None);
        var limited = await Assert.ThrowsAsync<TelegramRateLimitedException>(() => client.SendMessageAsync(710005, "two", null, CancellationToken.None));
        Assert.Equal(429, limited.ErrorCode);
        Assert.InRange(limited.RetryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        Assert.Equal(limited.RetryAfterSeconds, (await standIn.ViolationsAsync()).Single().RetryAfter);
    }

    [Fact]
    public async Task MissingOrMalformedTokenFailsBeforeAnyRequest()
    {
        var (empty, emptyServices) = CreateClient(StandIn, token: "");
        await using var _ = emptyServices;
        Assert.Contains("TELEGRAM_BOT_TOKEN", (await Assert.ThrowsAsync<InvalidOperationException>(() => empty.GetMeAsync(CancellationToken.None))).Message);

        var (slashed, slashedServices) = CreateClient(StandIn, token: "123:abc/../x");
        await using var __ = slashedServices;
        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => slashed.GetMeAsync(CancellationToken.None));
        Assert.Contains("malformed", ex.Message);
        Assert.DoesNotContain("abc/../x", ex.Message);
    }

    [Fact]
    public async Task NoLogLineOrErrorCarriesTheToken()
    {
        var logs = new LogCapture();
        var (client, services) = CreateClient(StandIn, logs);
        await using var _ = services;
        await client.GetMeAsync(CancellationToken.None);
        await client.SendMessageAsync(710006, "hello", null, CancellationToken.None);
        await Assert.ThrowsAsync<TelegramApiException>(() => client.SendMessageAsync(710006, "<div>", null, CancellationToken.None));

        // Nothing listens on port 9: the transport error must not quote the URL either.
        var (offline, offlineServices) = CreateClient(StandIn, logs);
        await using var __ = offlineServices;
        var optionsField = offlineServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<TelegramBotClientOptions>>().Value;
        optionsField.BaseUrl = new Uri("http://127.0.0.1:9");
        var down = await Assert.ThrowsAsync<HttpRequestException>(() => offline.GetMeAsync(CancellationToken.None));

        Assert.Contains(logs.Texts, l => l.Contains("Telegram sendMessage answered 200"));
        Assert.DoesNotContain(logs.Texts, l => l.Contains(StandIn.Token) || l.Contains("TEST-token"));
        Assert.DoesNotContain(StandIn.Token, down.ToString());
    }
}
