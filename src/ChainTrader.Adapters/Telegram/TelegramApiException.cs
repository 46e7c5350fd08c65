namespace ChainTrader.Adapters.Telegram;

/// <summary>
/// The Bot API refused a call ({"ok":false,...}): <see cref="ErrorCode"/> and <see cref="Description"/> as Telegram sent
/// them, plus the ResponseParameters (retry_after, migrate_to_chat_id) when present.
/// </summary>
public class TelegramApiException : Exception
{
    public TelegramApiException(string method, int errorCode, string description, int? retryAfterSeconds = null, long? migrateToChatId = null)
        : base($"Telegram {method} failed: {errorCode} {description}")
    {
        Method = method;
        ErrorCode = errorCode;
        Description = description;
        RetryAfterSeconds = retryAfterSeconds;
        MigrateToChatId = migrateToChatId;
    }

    public string Method { get; }
    public int ErrorCode { get; }
    public string Description { get; }
    public int? RetryAfterSeconds { get; }

    /// <summary>Set when a group became a supergroup: the chat's new id.</summary>
    public long? MigrateToChatId { get; }

    /// <summary>
    /// The message can never be delivered as sent (bad request, bot blocked or kicked, chat gone): retrying is useless.
    /// 401 (bad token) and 404 (unknown method) are configuration problems, not the message's, so they are not permanent.
    /// </summary>
    public bool IsPermanentForMessage => ErrorCode is 400 or 403;

    /// <summary>An edit whose text and keyboard equal the message as it stands: the wanted state is already there.</summary>
    public bool IsMessageNotModified => ErrorCode == 400 && Description.Contains("message is not modified", StringComparison.OrdinalIgnoreCase);
}

/// <summary>429 Too Many Requests: wait <see cref="RetryAfter"/> before calling again.</summary>
public sealed class TelegramRateLimitedException(string method, string description, int retryAfterSeconds)
    : TelegramApiException(method, 429, description, retryAfterSeconds)
{
    public TimeSpan RetryAfter => TimeSpan.FromSeconds(RetryAfterSeconds ?? 1);
}
