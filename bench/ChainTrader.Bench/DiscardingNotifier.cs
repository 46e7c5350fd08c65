using ChainTrader.Application.Notifications;
using ChainTrader.Core.Telegram;

namespace ChainTrader.Bench;

/// <summary>The benchmarks have no Telegram: the bot's messages are dropped where the outbox would take them.</summary>
internal sealed class DiscardingNotifier : INotifier
{
    public Task EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
}
