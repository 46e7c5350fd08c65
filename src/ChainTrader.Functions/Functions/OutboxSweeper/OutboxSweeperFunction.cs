using System.Text.Json;
using ChainTrader.Functions.Hosting;
using ChainTrader.Functions.Notifications;

namespace ChainTrader.Functions.Functions.OutboxSweeper;

/// <summary>
/// Every 5 s: a `notifications` hint for each chat with pending messages that nobody is draining and that is due, so
/// delivery never depends on the hint an enqueue sends.
/// </summary>
public sealed class OutboxSweeperFunction(OutboxDrainer drainer) : IFunction
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(5);

    public string Name => "OutboxSweeper";

    public async Task RunAsync(FunctionContext context, CancellationToken cancellationToken)
    {
        var due = await drainer.FindDueChatsAsync(Period, cancellationToken);
        if (due.Count == 0) return;
        var hints = due.Select(chatId => new NotifyHint(chatId).ToJson()).ToArray();
        context.SetOutput("hints", JsonSerializer.SerializeToElement(hints, OutboxJson.Default.JsonElementArray));
        context.Log(LogLevel.Debug, $"{due.Count} chats due");
    }
}
