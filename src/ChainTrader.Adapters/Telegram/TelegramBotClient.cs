using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using ChainTrader.Core.Telegram;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChainTrader.Adapters.Telegram;

/// <summary>
/// The Bot API methods ChainTrader calls, as POSTs of JSON to <c>{base}/bot{token}/{method}</c>.
/// The token is part of every URL, so this client never logs or throws a URL: its log lines and exception messages name
/// only the method, and its HttpClient is registered without the factory's request loggers
/// (see <see cref="TelegramServiceCollectionExtensions.AddTelegramBotClient"/>).
/// </summary>
public sealed partial class TelegramBotClient
{
    private const string HtmlParseMode = "HTML";
    private static readonly LinkPreviewOptions NoLinkPreview = new(true);

    private readonly HttpClient _http;
    private readonly TelegramBotClientOptions _options;
    private readonly ILogger<TelegramBotClient> _logger;

    public TelegramBotClient(HttpClient http, IOptions<TelegramBotClientOptions> options, ILogger<TelegramBotClient> logger)
    {
        _http = http;
        _options = options.Value;
        _logger = logger;
    }

    public Task<TelegramUser> GetMeAsync(CancellationToken cancellationToken) =>
        CallAsync("getMe", new EmptyRequest(), TelegramJsonContext.Default.EmptyRequest, TelegramJsonContext.Default.TelegramResponseTelegramUser, cancellationToken);

    /// <summary>Sends HTML text (every interpolated value escaped with <see cref="TelegramHtml.Escape"/>), link previews off.</summary>
    public Task<TelegramMessage> SendMessageAsync(long chatId, string html, IReadOnlyList<IReadOnlyList<InlineButton>>? keyboard, CancellationToken cancellationToken) =>
        CallAsync("sendMessage", new SendMessageRequest(chatId, html, HtmlParseMode, Markup(keyboard), NoLinkPreview),
            TelegramJsonContext.Default.SendMessageRequest, TelegramJsonContext.Default.TelegramResponseTelegramMessage, cancellationToken);

    /// <summary>Replaces a bot message's text; a null keyboard removes the message's buttons (as Telegram does).</summary>
    public Task<TelegramMessage> EditMessageTextAsync(long chatId, long messageId, string html, IReadOnlyList<IReadOnlyList<InlineButton>>? keyboard,
        CancellationToken cancellationToken) =>
        CallAsync("editMessageText", new EditMessageTextRequest(chatId, messageId, html, HtmlParseMode, Markup(keyboard), NoLinkPreview),
            TelegramJsonContext.Default.EditMessageTextRequest, TelegramJsonContext.Default.TelegramResponseTelegramMessage, cancellationToken);

    /// <summary>Stops the button's spinner; <paramref name="text"/> shows as a toast (or an alert with <paramref name="showAlert"/>).</summary>
    public Task AnswerCallbackQueryAsync(string callbackQueryId, string? text, bool showAlert, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(callbackQueryId);
        return CallAsync("answerCallbackQuery", new AnswerCallbackQueryRequest(callbackQueryId, text, showAlert ? true : null),
            TelegramJsonContext.Default.AnswerCallbackQueryRequest, TelegramJsonContext.Default.TelegramResponseBoolean, cancellationToken);
    }

    /// <summary>Sets the command menu for <paramref name="scope"/> (default scope when null).</summary>
    public Task SetMyCommandsAsync(IReadOnlyList<BotCommand> commands, BotCommandScope? scope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commands);
        return CallAsync("setMyCommands", new SetMyCommandsRequest(commands, scope),
            TelegramJsonContext.Default.SetMyCommandsRequest, TelegramJsonContext.Default.TelegramResponseBoolean, cancellationToken);
    }

    /// <summary>Points Telegram at the webhook; <paramref name="secretToken"/> comes back in X-Telegram-Bot-Api-Secret-Token.</summary>
    public Task SetWebhookAsync(Uri url, string? secretToken, IReadOnlyList<string>? allowedUpdates, bool dropPendingUpdates, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        return CallAsync("setWebhook", new SetWebhookRequest(url.AbsoluteUri, secretToken, allowedUpdates, dropPendingUpdates),
            TelegramJsonContext.Default.SetWebhookRequest, TelegramJsonContext.Default.TelegramResponseBoolean, cancellationToken);
    }

    public Task DeleteWebhookAsync(bool dropPendingUpdates, CancellationToken cancellationToken) =>
        CallAsync("deleteWebhook", new DeleteWebhookRequest(dropPendingUpdates),
            TelegramJsonContext.Default.DeleteWebhookRequest, TelegramJsonContext.Default.TelegramResponseBoolean, cancellationToken);

    public Task<TelegramWebhookInfo> GetWebhookInfoAsync(CancellationToken cancellationToken) =>
        CallAsync("getWebhookInfo", new EmptyRequest(), TelegramJsonContext.Default.EmptyRequest,
            TelegramJsonContext.Default.TelegramResponseTelegramWebhookInfo, cancellationToken);

    private async Task<TResult> CallAsync<TRequest, TResult>(string method, TRequest request, JsonTypeInfo<TRequest> requestType,
        JsonTypeInfo<TelegramResponse<TResult>> responseType, CancellationToken cancellationToken)
    {
        var url = MethodUrl(method);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        var started = Stopwatch.GetTimestamp();
        HttpStatusCode status;
        byte[] body;
        try
        {
            using var content = JsonContent.Create(request, requestType);
            using var response = await _http.PostAsync(url, content, timeout.Token).ConfigureAwait(false);
            status = response.StatusCode;
            body = await response.Content.ReadAsByteArrayAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"Telegram {method}: no answer within {_options.Timeout.TotalSeconds:0} s.");
        }
        catch (HttpRequestException ex)
        {
            // The original is not kept as inner exception: a handler's message could quote the request URI (the token).
            throw new HttpRequestException($"Telegram {method}: {Redact(ex.Message)}", null, ex.StatusCode);
        }
        LogCall(method, (int)status, Stopwatch.GetElapsedTime(started).TotalMilliseconds);

        TelegramResponse<TResult>? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(body, responseType);
        }
        catch (JsonException)
        {
            envelope = null;
        }
        if (envelope is null)
            throw new TelegramApiException(method, (int)status, $"HTTP {(int)status} with a body that is not a Bot API answer ({body.Length} bytes).");
        if (envelope.Ok)
            return envelope.Result ?? throw new TelegramApiException(method, (int)status, "the answer says ok but carries no result.");

        var code = envelope.ErrorCode ?? (int)status;
        var description = envelope.Description ?? $"HTTP {(int)status} without a description";
        if (code == 429)
            throw new TelegramRateLimitedException(method, description, envelope.Parameters?.RetryAfter ?? 1);
        throw new TelegramApiException(method, code, description, envelope.Parameters?.RetryAfter, envelope.Parameters?.MigrateToChatId);
    }

    private Uri MethodUrl(string method)
    {
        var token = _options.Token;
        if (string.IsNullOrEmpty(token))
            throw new InvalidOperationException($"Telegram {method}: no bot token configured (TELEGRAM_BOT_TOKEN).");
        if (!TokenShape().IsMatch(token))
            throw new InvalidOperationException($"Telegram {method}: the configured bot token is malformed; Telegram tokens look like 123456:ABC-def_ghi.");
        return new Uri($"{_options.BaseUrl.AbsoluteUri.TrimEnd('/')}/bot{token}/{method}");
    }

    private string Redact(string text) =>
        _options.Token.Length == 0 ? text : text.Replace(_options.Token, "<bot-token>", StringComparison.Ordinal);

    private static InlineKeyboardMarkup? Markup(IReadOnlyList<IReadOnlyList<InlineButton>>? keyboard) =>
        keyboard is null || keyboard.Count == 0
            ? null
            : new InlineKeyboardMarkup(keyboard.Select(row => (IReadOnlyList<InlineKeyboardButton>)row.Select(b => new InlineKeyboardButton(b.Text, b.CallbackData)).ToArray()).ToArray());

    [GeneratedRegex("^[0-9]{1,20}:[A-Za-z0-9_-]{1,200}$")]
    private static partial Regex TokenShape();

    [LoggerMessage(Level = LogLevel.Debug, Message = "Telegram {Method} answered {Status} in {ElapsedMs:F0} ms")]
    private partial void LogCall(string method, int status, double elapsedMs);
}
