using ChainTrader.Core.Telegram;
using ChainTrader.Tests.Infrastructure;

namespace ChainTrader.Tests.Webhook;

public static class RecordedReplies
{
    /// <summary>The one reply to an update (dedupe key reply:{update_id}).</summary>
    public static OutboundMessage Reply(this RecordingNotifier notifier, long updateId) =>
        Assert.Single(notifier.Messages, m => m.DedupeKey == $"reply:{updateId}");
}
