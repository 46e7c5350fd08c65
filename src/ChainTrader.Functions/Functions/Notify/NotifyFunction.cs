using ChainTrader.Functions.Hosting;
using ChainTrader.Functions.Notifications;

namespace ChainTrader.Functions.Functions.Notify;

/// <summary>
/// Queue `notifications`: a hint {"chatId": N} that chat N may have messages to deliver. Drains that chat's Outbox
/// within Telegram's limits; a hint for a chat that another drain holds, or that has nothing pending, does nothing.
/// </summary>
public sealed class NotifyFunction(OutboxDrainer drainer) : IFunction
{
    public string Name => "Notify";

    public async Task RunAsync(FunctionContext context, CancellationToken cancellationToken)
    {
        if (!context.Invocation.Data.TryGetValue("hint", out var message))
            throw new InvalidDataException("Notify: the invocation has no \"hint\" binding data.");
        var hint = NotifyHint.Parse(message);
        var result = await drainer.DrainChatAsync(hint.ChatId, cancellationToken);
        context.Log(LogLevel.Debug, $"chat {hint.ChatId}: {result}");
    }
}
