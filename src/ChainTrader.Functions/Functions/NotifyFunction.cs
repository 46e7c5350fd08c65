using ChainTrader.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using ChainTrader.Functions.Notifications;

namespace ChainTrader.Functions.Functions;

/// <summary>
/// Queue `notifications`: a hint {"chatId": N} that chat N may have messages to deliver. Drains that chat's Outbox
/// within Telegram's limits; a hint for a chat that another drain holds, or that has nothing pending, does nothing.
/// </summary>
public sealed class NotifyFunction(OutboxDrainer drainer, ILogger<NotifyFunction> logger)
{
    [Function("Notify")]
    public async Task RunAsync([QueueTrigger(NotifyHint.QueueName)] string message, CancellationToken cancellationToken)
    {
        var hint = NotifyHint.Parse(QueueText.AsJson(message));
        var result = await drainer.DrainChatAsync(hint.ChatId, cancellationToken);
        logger.LogDebug("chat {ChatId}: {Result}", hint.ChatId, result);
    }
}
