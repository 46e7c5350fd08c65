using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Telegram;
using ChainTrader.Functions.Functions.TelegramWebhook;
using ChainTrader.Functions.Gates;
using ChainTrader.Functions.Notifications;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChainTrader.Tests.Webhook;

public static class RecordedReplies
{
    /// <summary>The one reply to an update (dedupe key reply:{update_id}).</summary>
    public static OutboundMessage Reply(this RecordingNotifier notifier, long updateId) =>
        Assert.Single(notifier.Messages, m => m.DedupeKey == $"reply:{updateId}");
}
