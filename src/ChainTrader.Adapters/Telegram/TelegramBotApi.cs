using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace ChainTrader.Adapters.Telegram;

/// <summary>
/// Hands out Telegram.Bot clients for the configured bot, each on an HttpClient from the factory (pooled handlers, no
/// request loggers: the token is in every URL). The library's own 429 retry is off: the outbox owns pacing and honours
/// retry_after itself, so a 429 must reach it as an <see cref="global::Telegram.Bot.Exceptions.ApiRequestException"/>.
/// A missing or malformed token fails the call, with a message that never shows the token (the app's start refuses a
/// malformed one too; a missing one only silences the bot, as in tests and local runs without Telegram).
/// </summary>
public sealed partial class TelegramBotApi(IHttpClientFactory httpClients, IOptions<TelegramBotApiOptions> options)
{
    public ITelegramBotClient Client()
    {
        var settings = options.Value;
        if (string.IsNullOrEmpty(settings.Token))
            throw new InvalidOperationException("Telegram: no bot token configured (TELEGRAM_BOT_TOKEN).");
        if (!IsWellFormedToken(settings.Token))
            throw new InvalidOperationException("Telegram: the configured bot token is malformed; Telegram tokens look like 123456:ABC-def_ghi.");
        var baseUrl = settings.BaseUrl.AbsoluteUri.TrimEnd('/');
        var clientOptions = new TelegramBotClientOptions(settings.Token, baseUrl == TelegramBotApiOptions.DefaultBaseUrl ? null : baseUrl)
        {
            RetryThreshold = 0,
            RetryCount = 1,
        };
        return new TelegramBotClient(clientOptions, httpClients.CreateClient(TelegramServiceCollectionExtensions.HttpClientName));
    }

    /// <summary>Whether <paramref name="token"/> has a bot token's shape: the bot's id, a colon, then letters, digits, _ and -.</summary>
    public static bool IsWellFormedToken(string token) => TokenShape().IsMatch(token);

    [GeneratedRegex("^[0-9]{1,16}:[A-Za-z0-9_-]{1,200}$")]
    private static partial Regex TokenShape();
}
