namespace ChainTrader.Application.Notifications;

/// <summary>
/// Told by the outbox right after Telegram accepted a message and its row was marked Sent, so whoever waits for a
/// delivery (a trade's quote lifetime) learns it at once instead of at the next sweep. A failure is logged and the
/// sweeper's next look covers it.
/// </summary>
public interface IDeliveryObserver
{
    Task DeliveredAsync(long chatId, string dedupeKey, CancellationToken cancellationToken);
}
