using System.Text;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Telegram;
using ChainTrader.Application.Configuration;
using ChainTrader.Application.Notifications;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Commands;

/// <summary>
/// /rate_limits: the configured outbound Telegram limits and how much of them every instance together has used, read
/// from the outbox's shared state (claimed send slots per second, chats with messages waiting), plus the webhook limit.
/// </summary>
public sealed class RateLimitsHandler(OutboxTables outbox, IOptions<TelegramDeliveryOptions> delivery, IOptions<ChainTraderOptions> options, TimeProvider clock)
    : ICommandHandler
{
    public IReadOnlyCollection<string> Commands { get; } = ["rate_limits"];

    public async Task HandleAsync(CommandContext context, ChatCommand command, CancellationToken cancellationToken)
    {
        var limits = delivery.Value.Limits;
        await outbox.EnsureCreatedAsync(cancellationToken);
        var nowSecond = clock.GetUtcNow().ToUnixTimeSeconds();
        int lastSecond = 0, lastMinute = 0;
        var recent = TableFilter.GreaterThan("PartitionKey", GlobalSendSlot.PartitionKeyOf(nowSecond - 60))
            .And(TableFilter.LessThanOrEqual("PartitionKey", GlobalSendSlot.PartitionKeyOf(nowSecond)));
        await foreach (var slot in outbox.Rate.QueryAsync(recent, ["PartitionKey"], cancellationToken: cancellationToken))
        {
            lastMinute++;
            if (slot.PartitionKey == GlobalSendSlot.PartitionKeyOf(nowSecond - 1)) lastSecond++;
        }
        var waitingChats = 0;
        await foreach (var _ in outbox.Chats.QueryAsync(TableFilter.PartitionKeyEquals(OutboxTables.PendingPartition), ["PartitionKey"], cancellationToken: cancellationToken))
            waitingChats++;

        var text = new StringBuilder("<b>Rate limits</b>\n\n<b>Telegram, outbound</b> (shared by every instance)\n");
        text.Append($"Overall: {limits.GlobalPerSecond} messages/s — used {lastSecond} in the last full second, {lastMinute} in the last minute\n");
        text.Append($"Per chat: one message every {limits.ChatInterval.TotalSeconds:0.###} s\n");
        text.Append($"Per group: {limits.GroupPerWindow} per {limits.GroupWindow.TotalSeconds:0} s\n");
        text.Append("429 retry_after: honoured; throttled messages wait, none are dropped\n");
        text.Append($"Chats with messages waiting: {waitingChats}\n\n");
        text.Append($"<b>Webhook</b>\nUpdate bodies up to {options.Value.TelegramWebhookMaxBodyBytes} bytes; each update_id acted on once");
        await context.ReplyAsync(text.ToString(), cancellationToken);
    }
}
