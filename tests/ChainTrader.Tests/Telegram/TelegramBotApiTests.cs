using ChainTrader.Adapters.Telegram;
using ChainTrader.Core.Telegram;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace ChainTrader.Tests.Telegram;

/// <summary>
/// Telegram.Bot, as the app configures it (<see cref="TelegramBotApi"/>), against the Telegram stand-in: every method the
/// app uses is accepted exactly as the library sends it, and Telegram's errors reach the caller as the outbox needs them.
/// </summary>
public class TelegramBotApiTests(StandInFixture fixture) : IClassFixture<StandInFixture>
{
    private TelegramStandIn StandIn => fixture.StandIn;

    internal static (ITelegramBotClient Client, ServiceProvider Services) CreateClient(TelegramStandIn standIn, LogCapture? logs = null, string? token = null,
        Uri? baseUrl = null)
    {
        var (api, services) = CreateApi(standIn, logs, token, baseUrl);
        return (api.Client(), services);
    }

    private static (TelegramBotApi Api, ServiceProvider Services) CreateApi(TelegramStandIn standIn, LogCapture? logs = null, string? token = null, Uri? baseUrl = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Trace);
            if (logs is not null) b.AddProvider(logs);
        });
        services.AddTelegramBotApi(o =>
        {
            o.BaseUrl = baseUrl ?? standIn.BaseUrl;
            o.Token = token ?? standIn.Token;
        });
        var provider = services.BuildServiceProvider();
        return (provider.GetRequiredService<TelegramBotApi>(), provider);
    }

    [Fact]
    public async Task GetMeDescribesTheBot()
    {
        var (client, services) = CreateClient(StandIn);
        await using var _ = services;
        var me = await client.GetMe();
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
        var keyboard = InlineKeyboards.Markup([[new InlineButton("Confirm", "confirm:1"), new InlineButton("Cancel", "cancel:1")]]);
        var sent = await client.SendMessage(chat, $"<b>Quote</b> for {TelegramHtml.Escape("<ETH & co>")}: https://example.org", ParseMode.Html,
            replyMarkup: keyboard, linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true });

        Assert.Equal(chat, sent.Chat.Id);
        Assert.Equal("Quote for <ETH & co>: https://example.org", sent.Text);
        var shown = Assert.Single(await StandIn.BotMessagesAsync(chat));
        Assert.Equal(sent.Id, shown.MessageId);
        Assert.Equal([("Confirm", (string?)"confirm:1"), ("Cancel", "cancel:1")], shown.Buttons.Single());
        var call = (await StandIn.CallsAsync("sendMessage", chat)).Single();
        Assert.Equal("html", call.Params.GetProperty("parse_mode").GetString()!.ToLowerInvariant());
        Assert.True(call.Params.GetProperty("link_preview_options").GetProperty("is_disabled").GetBoolean());
    }

    [Fact]
    public async Task EditMessageTextReplacesTextAndRemovesTheKeyboard()
    {
        var (client, services) = CreateClient(StandIn);
        await using var _ = services;
        const long chat = 710002;
        var sent = await client.SendMessage(chat, "pending", replyMarkup: InlineKeyboards.Markup([[new InlineButton("Confirm", "c:1")]]));
        var edited = await client.EditMessageText(chat, sent.Id, "<i>filled</i>", ParseMode.Html, replyMarkup: InlineKeyboards.Markup(null));

        Assert.Equal(sent.Id, edited.Id);
        var shown = Assert.Single(await StandIn.BotMessagesAsync(chat));
        Assert.Equal("filled", shown.Text);
        Assert.True(shown.Edited);
        Assert.Empty(shown.Buttons);

        var again = await Assert.ThrowsAsync<ApiRequestException>(() => client.EditMessageText(chat, sent.Id, "<i>filled</i>", ParseMode.Html));
        Assert.True(again.IsMessageNotModified());
        Assert.Equal(400, again.ErrorCode);
    }

    [Fact]
    public async Task AnswerCallbackQueryAnswersAPressOnce()
    {
        var (client, services) = CreateClient(StandIn);
        await using var _ = services;
        const long chat = 710003;
        var sent = await client.SendMessage(chat, "Confirm?", replyMarkup: InlineKeyboards.Markup([[new InlineButton("Yes", "yes:1")]]));
        var press = await StandIn.PressButtonAsync(chat, chat, sent.Id, "yes:1");

        await client.AnswerCallbackQuery(press.CallbackQueryId!, "Confirmed");
        var twice = await Assert.ThrowsAsync<ApiRequestException>(() => client.AnswerCallbackQuery(press.CallbackQueryId!));
        Assert.Equal(400, twice.ErrorCode);
        Assert.True(twice.IsPermanentForMessage());
    }

    [Fact]
    public async Task SetMyCommandsPerScopeAndEachUserSeesTheirMenu()
    {
        // A stand-in of its own: command lists are global state.
        await using var standIn = await TelegramStandIn.StartAsync();
        var (client, services) = CreateClient(standIn);
        await using var _ = services;
        await client.SetMyCommands([new BotCommand("start", "Start"), new BotCommand("price", "Price of a token")]);
        await client.SetMyCommands([new BotCommand("start", "Start"), new BotCommand("emergency_stop", "Stop all trading")], BotCommandScope.Chat(4242));
        await client.SetMyCommands([new BotCommand("emergency_stop", "Stop all trading")], BotCommandScope.ChatMember(-100777, 4242));

        var info = await standIn.InfoAsync();
        Assert.Equal(["start", "price"], info.GetProperty("commands").EnumerateArray().Select(c => c.GetProperty("command").GetString()));
        var scoped = await standIn.CallsAsync("setMyCommands");
        Assert.Equal("chat", scoped[1].Params.GetProperty("scope").GetProperty("type").GetString());
        Assert.Equal(4242, scoped[1].Params.GetProperty("scope").GetProperty("chat_id").GetInt64());
        Assert.Equal("chat_member", scoped[2].Params.GetProperty("scope").GetProperty("type").GetString());
        Assert.Equal(4242, scoped[2].Params.GetProperty("scope").GetProperty("user_id").GetInt64());
        Assert.Equal(["start", "emergency_stop"], await standIn.MenuAsync(4242, 4242));
        Assert.Equal(["start", "price"], await standIn.MenuAsync(5151, 5151));
        Assert.Equal(["emergency_stop"], await standIn.MenuAsync(-100777, 4242));
        Assert.Equal(["start", "price"], await standIn.MenuAsync(-100777, 5151));

        var bad = await Assert.ThrowsAsync<ApiRequestException>(() => client.SetMyCommands([new BotCommand("Bad-Name", "x")]));
        Assert.Contains("BOT_COMMAND_INVALID", bad.Message);
    }

    [Fact]
    public async Task WebhookCanBeSetInspectedAndDeleted()
    {
        // A stand-in of its own: the webhook is global state.
        await using var standIn = await TelegramStandIn.StartAsync();
        var (client, services) = CreateClient(standIn);
        await using var _ = services;

        await client.SetWebhook("http://127.0.0.1:9/telegram/webhook", allowedUpdates: [UpdateType.Message, UpdateType.CallbackQuery],
            dropPendingUpdates: true, secretToken: "s3cret_token-1");
        var info = await client.GetWebhookInfo();
        Assert.Equal("http://127.0.0.1:9/telegram/webhook", info.Url);
        Assert.Equal([UpdateType.Message, UpdateType.CallbackQuery], info.AllowedUpdates);
        Assert.True((await standIn.InfoAsync()).GetProperty("webhook").GetProperty("secret_set").GetBoolean());
        var setCall = (await standIn.CallsAsync("setWebhook")).Single();
        Assert.True(setCall.Params.GetProperty("drop_pending_updates").GetBoolean());
        Assert.Equal("s3cret_token-1", setCall.Params.GetProperty("secret_token").GetString());
        Assert.Equal(["message", "callback_query"], setCall.Params.GetProperty("allowed_updates").EnumerateArray().Select(t => t.GetString()));

        await client.DeleteWebhook(dropPendingUpdates: false);
        Assert.Equal("", (await client.GetWebhookInfo()).Url);

        var refused = await Assert.ThrowsAsync<ApiRequestException>(() => client.SetWebhook("http://127.0.0.1:9/hook", secretToken: "bad secret!"));
        Assert.Contains("secret token", refused.Message);
    }

    [Fact]
    public async Task ErrorsCarryTelegramsCodeAndDescription()
    {
        var (client, services) = CreateClient(StandIn);
        await using var _ = services;

        var badHtml = await Assert.ThrowsAsync<ApiRequestException>(() => client.SendMessage(710004, "<div>x</div>", ParseMode.Html));
        Assert.Equal(400, badHtml.ErrorCode);
        Assert.Contains("can't parse entities", badHtml.Message);
        Assert.False(badHtml.IsRateLimited(out var noWait), $"not rate-limited, yet retry after {noWait}");

        var missing = await Assert.ThrowsAsync<ApiRequestException>(() => client.EditMessageText(710004, 999_999, "x"));
        Assert.Contains("message to edit not found", missing.Message);

        var (wrongToken, wrongServices) = CreateClient(StandIn, token: "999:wrong-token");
        await using var __ = wrongServices;
        var unauthorized = await Assert.ThrowsAsync<ApiRequestException>(() => wrongToken.GetMe());
        Assert.Equal(401, unauthorized.ErrorCode);
        Assert.False(unauthorized.IsPermanentForMessage());
    }

    [Fact]
    public async Task TooManyRequestsReachesTheCallerWithRetryAfterAndIsNotRetriedByTheLibrary()
    {
        await using var standIn = await TelegramStandIn.StartAsync(chatLimit: "1/5000");
        var (client, services) = CreateClient(standIn);
        await using var _ = services;

        await client.SendMessage(710005, "one");
        var limited = await Assert.ThrowsAsync<ApiRequestException>(() => client.SendMessage(710005, "two"));
        Assert.True(limited.IsRateLimited(out var retryAfter));
        Assert.Equal(429, limited.ErrorCode);
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        Assert.Equal(limited.Parameters?.RetryAfter, (await standIn.ViolationsAsync()).Single().RetryAfter);
        // The library's own retry would have sent "two" again after retry_after; the outbox owns that wait.
        Assert.Equal([200, 429], (await standIn.CallsAsync("sendMessage")).Select(c => c.Status));
    }

    [Fact]
    public async Task MissingOrMalformedTokenFailsBeforeAnyRequest()
    {
        var calls = (await StandIn.CallsAsync()).Count;
        var (empty, emptyServices) = CreateApi(StandIn, token: "");
        await using var _ = emptyServices;
        Assert.Contains("TELEGRAM_BOT_TOKEN", Assert.Throws<InvalidOperationException>(() => empty.Client()).Message);

        var (slashed, slashedServices) = CreateApi(StandIn, token: "123:abc/../x");
        await using var __ = slashedServices;
        var ex = Assert.Throws<InvalidOperationException>(() => slashed.Client());
        Assert.Contains("malformed", ex.Message);
        Assert.DoesNotContain("abc/../x", ex.Message);
        Assert.Equal(calls, (await StandIn.CallsAsync()).Count);
    }

    [Fact]
    public async Task NoLogLineOrErrorCarriesTheToken()
    {
        var logs = new LogCapture();
        var (client, services) = CreateClient(StandIn, logs);
        await using var _ = services;
        await client.GetMe();
        await client.SendMessage(710006, "hello");
        await Assert.ThrowsAsync<ApiRequestException>(() => client.SendMessage(710006, "<div>", ParseMode.Html));

        // Nothing listens on port 9: the transport error must not quote the URL either.
        var (offline, offlineServices) = CreateClient(StandIn, logs, baseUrl: new Uri("http://127.0.0.1:9"));
        await using var __ = offlineServices;
        var down = await Assert.ThrowsAsync<RequestException>(() => offline.GetMe());

        Assert.DoesNotContain(logs.Texts, l => l.Contains(StandIn.Token) || l.Contains("TEST-token"));
        Assert.DoesNotContain(StandIn.Token, down.ToString());

        // The scan can see a leak: the factory's default handlers, which this client goes without, log every URL.
        var control = new LogCapture();
        var withLoggers = new ServiceCollection().AddLogging(b => b.SetMinimumLevel(LogLevel.Trace).AddProvider(control));
        withLoggers.AddHttpClient("with-loggers");
        await using var controlServices = withLoggers.BuildServiceProvider();
        var leaky = new TelegramBotClient(new TelegramBotClientOptions(StandIn.Token, StandIn.BaseUrl.AbsoluteUri),
            controlServices.GetRequiredService<IHttpClientFactory>().CreateClient("with-loggers"));
        await leaky.GetMe();
        Assert.Contains(control.Texts, l => l.Contains(StandIn.Token));
    }
}
