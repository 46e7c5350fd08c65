using ChainTrader.Adapters.Telegram;
using Telegram.Bot;
using Telegram.Bot.Exceptions;

namespace ChainTrader.Application.Health;

/// <summary>
/// The Bot API answers: getMe against TELEGRAM_API_BASE_URL. A success is reused for <see cref="CacheFor"/>, so frequent
/// probes cost Telegram one call per interval; a failure is not cached, so recovery shows at the next probe. The token
/// travels in the URL only, and the library's exception messages never quote the URL, so the detail cannot carry it.
/// </summary>
public sealed class TelegramReadinessCheck(TelegramBotApi telegram, TimeProvider clock) : IReadinessCheck
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private (DateTimeOffset At, string Detail)? _lastSuccess;

    public string Name => "telegram";

    public async Task<string> CheckAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        lock (_gate)
        {
            if (_lastSuccess is { } last && now - last.At < CacheFor)
                return $"{last.Detail} ({(now - last.At).TotalSeconds:0} s ago)";
        }
        try
        {
            var me = await telegram.Client().GetMe(cancellationToken);
            var detail = $"Bot API answers getMe as @{me.Username ?? me.FirstName}";
            lock (_gate) _lastSuccess = (now, detail);
            return detail;
        }
        catch (Exception ex) when (ex is RequestException or InvalidOperationException)
        {
            lock (_gate) _lastSuccess = null;
            throw new InvalidOperationException($"Telegram Bot API not usable: {Describe(ex)}");
        }
    }

    /// <summary>A refusal names its code (401 says the token is wrong); other failures their own message.</summary>
    private static string Describe(Exception ex) => ex is ApiRequestException api ? $"getMe failed: {api.ErrorCode} {api.Message}" : ex.Message;
}
