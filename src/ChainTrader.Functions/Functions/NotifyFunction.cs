using ChainTrader.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using ChainTrader.Application.Notifications;
using Microsoft.DurableTask.Client;
using ChainTrader.Application.Trades;

namespace ChainTrader.Functions.Functions;

/// <summary>
/// Queue `notifications`: a hint {"chatId": N} that chat N may have messages to deliver. Drains that chat's Outbox
/// within Telegram's limits; a hint for a chat that another drain holds, or that has nothing pending, does nothing.
/// </summary>
public sealed class NotifyFunction(OutboxDrainer drainer, DurableClientAccess durable, ILogger<NotifyFunction> logger)
{
    /// <param name="trades">Delivering a trade's quote tells the trade (<see cref="QuoteDeliveryObserver"/>).</param>
    [Function("Notify")]
    public async Task RunAsync([QueueTrigger(NotifyHint.QueueName)] string message, [DurableClient] DurableTaskClient trades, CancellationToken cancellationToken)
    {
        var hint = NotifyHint.Parse(QueueText.AsJson(message));
        var result = await durable.RunAsync(trades, () => drainer.DrainChatAsync(hint.ChatId, cancellationToken));
        logger.LogDebug("chat {ChatId}: {Result}", hint.ChatId, result);
    }
}
