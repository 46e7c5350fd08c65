using ChainTrader.Core.Telegram;
using ChainTrader.Application.Notifications;

namespace ChainTrader.Tests.Webhook;

/// <summary>
/// The inbound Telegram tests share one private Azurite (the Dedupe, RuntimeGates and Audit tables have fixed names,
/// so no other test class may see them) and run one at a time; each test starts with the gates at their defaults.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TelegramInCollection : ICollectionFixture<TelegramInFixture>
{
    public const string Name = "telegram-in";
}

/// <summary>
/// These tests start apps with different settings over one storage, so a start may announce a configuration change
/// to the admins (the Operations tests cover that); it is not among the messages these tests count.
/// </summary>
internal sealed class WithoutConfigAnnouncements(INotifier inner) : INotifier
{
    public Task EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken) =>
        message.DedupeKey.StartsWith("config:", StringComparison.Ordinal) ? Task.CompletedTask : inner.EnqueueAsync(message, cancellationToken);
}
