using ChainTrader.Core.Telegram;

namespace ChainTrader.Application.Notifications;

/// <summary>Tuning of outbound delivery (section "TelegramDelivery"); the defaults suit production.</summary>
public sealed class TelegramDeliveryOptions
{
    public const string SectionName = "TelegramDelivery";

    /// <summary>The limits every instance keeps together (shared state in Table Storage).</summary>
    public TelegramRateLimits Limits { get; set; } = TelegramRateLimits.Default;

    /// <summary>
    /// How long a chat's drain lease lasts without renewal: how soon another instance takes a crashed holder's chat over.
    /// The holder renews it every quarter of this while it works (waits and Bot API calls included).
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often a working holder renews its lease.</summary>
    public TimeSpan LeaseRenewInterval => LeaseDuration / 4;

    /// <summary>A drain waits in place for a chat's next send up to this long; longer waits go back to the sweeper.</summary>
    public TimeSpan MaxInlineWait { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Global slots are claimed at most this far ahead; past it a drain waits before claiming.</summary>
    public TimeSpan SlotHorizon { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the sweeper also scans the whole outbox for pending rows whose chat lost its pending marker.</summary>
    public TimeSpan FullScanInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>An edit whose original message does not exist after this long fails instead of waiting for it.</summary>
    public TimeSpan OrphanEditGrace { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Global slot rows older than this are deleted by <see cref="GlobalSendRate.DeleteExpiredAsync"/>.</summary>
    public TimeSpan SlotRetention { get; set; } = TimeSpan.FromMinutes(5);
}
