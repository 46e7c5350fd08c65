using Telegram.Bot.Exceptions;

namespace ChainTrader.Adapters.Telegram;

/// <summary>What a Bot API refusal means for the message that caused it.</summary>
public static class BotApiErrors
{
    /// <summary>429 Too Many Requests: how long Telegram asks to wait (1 s when it names no time).</summary>
    public static bool IsRateLimited(this ApiRequestException error, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.FromSeconds(error.Parameters?.RetryAfter ?? 1);
        return error.ErrorCode == 429;
    }

    /// <summary>
    /// The message can never be delivered as sent (bad request, bot blocked or kicked, chat gone): retrying is useless.
    /// 401 (bad token) and 404 (unknown method) are configuration problems, not the message's, so they are not permanent.
    /// </summary>
    public static bool IsPermanentForMessage(this ApiRequestException error) => error.ErrorCode is 400 or 403;

    /// <summary>An edit whose text and keyboard equal the message as it stands: the wanted state is already there.</summary>
    public static bool IsMessageNotModified(this ApiRequestException error) =>
        error.ErrorCode == 400 && error.Message.Contains("message is not modified", StringComparison.OrdinalIgnoreCase);
}
