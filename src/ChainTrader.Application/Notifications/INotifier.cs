using ChainTrader.Core.Telegram;

namespace ChainTrader.Application.Notifications;

/// <summary>
/// Hands outbound messages to durable delivery (the Notify function). Returns once the message is stored,
/// never after it is sent: delivery obeys Telegram's limits and survives restarts.
/// </summary>
public interface INotifier
{
    Task EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken);
}
