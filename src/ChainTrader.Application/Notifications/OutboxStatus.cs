namespace ChainTrader.Application.Notifications;

public enum OutboxStatus
{
    /// <summary>Stored, not yet delivered (or delivery must be retried).</summary>
    Pending,

    /// <summary>Delivered; MessageId is Telegram's. Never sent again.</summary>
    Sent,

    /// <summary>Telegram refused it for good (bot blocked, chat gone, bad request); FailureReason says why.</summary>
    Failed,
}
