using Microsoft.Azure.Functions.Worker;
using ChainTrader.Application.Notifications;

namespace ChainTrader.Functions.Functions;

/// <summary>
/// Every 5 s: a `notifications` hint for each chat with pending messages that nobody is draining and that is due, so
/// delivery never depends on the hint an enqueue sends.
/// </summary>
public sealed class OutboxSweeperFunction(OutboxDrainer drainer, HintQueues queues, ILogger<OutboxSweeperFunction> logger)
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    [Function("OutboxSweeper")]
    public async Task RunAsync([TimerTrigger("*/5 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var due = await drainer.FindDueChatsAsync(Period, cancellationToken);
        if (due.Count == 0) return;
        foreach (var chatId in due) await queues.SendAsync(NotifyHint.QueueName, new NotifyHint(chatId).ToJson(), cancellationToken);
        logger.LogDebug("{Count} chats due", due.Count);
    }
}
