using ChainTrader.Core.Trades;
using ChainTrader.Application.Audit;
using ChainTrader.Application.Gates;
using ChainTrader.Adapters.Storage;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static ChainTrader.Tests.Webhook.TelegramInFixture;

namespace ChainTrader.Tests.Webhook;

/// <summary>
/// Issue 12 (11): admin rights need the admin's own private chat (chat id = user id) or the configured admin chat, not a
/// from.id alone; every refused admin command is audited, from non-admins too.
/// </summary>
[Collection(TelegramInCollection.Name)]
public class AdminChatTests(TelegramInFixture fixture) : IAsyncLifetime
{
    private const long AdminChat = -1001234567890, OtherGroup = -1009876543210;

    public Task InitializeAsync() => fixture.ResetGatesAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task AdminCommandsRunOnlyInTheAdminsPrivateChatOrTheAdminChat()
    {
        var notifier = new RecordingNotifier();
        await using var app = await fixture.StartAppAsync(notifier, tweak: s => s["ADMIN_CHAT_ID"] = AdminChat.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // A forged admin id in a stranger's private chat, and a super-admin in some group: refused, audited, nothing changes.
        var forged = NextUpdateId();
        await Updates.DeliverAsync(app, Updates.Message(forged, Admin, "/execution_mode PAPER", chatId: Stranger));
        var refusal = notifier.Reply(forged);
        Assert.Equal(Stranger, refusal.ChatId);
        Assert.Contains("private chat", refusal.Html, StringComparison.Ordinal);
        var group = NextUpdateId();
        await Updates.DeliverAsync(app, Updates.Message(group, SuperAdmin, "/emergency_stop", chatId: OtherGroup));
        Assert.Contains("private chat", notifier.Reply(group).Html, StringComparison.Ordinal);
        var config = NextUpdateId();
        await Updates.DeliverAsync(app, Updates.Message(config, SuperAdmin, "/config", chatId: OtherGroup));
        Assert.DoesNotContain("TELEGRAM", notifier.Reply(config).Html, StringComparison.Ordinal);
        var gates = await CurrentGatesAsync(app);
        Assert.Equal(ExecutionMode.DryRun, gates.Mode);
        Assert.False(gates.EmergencyStop);
        Assert.Equal("refused", Assert.Single(await AuditRowsAsync(app, forged)).GetString("Outcome"));
        Assert.Equal("refused", Assert.Single(await AuditRowsAsync(app, group)).GetString("Outcome"));

        // The admin in the admin chat, and in their own private chat: applied.
        var inAdminChat = NextUpdateId();
        await Updates.DeliverAsync(app, Updates.Message(inAdminChat, Admin, "/maintenance_mode on", chatId: AdminChat));
        Assert.StartsWith("Maintenance mode is now <b>ON</b>", notifier.Reply(inAdminChat).Html);
        var own = NextUpdateId();
        await Updates.DeliverAsync(app, Updates.Message(own, Admin, "/execution_mode PAPER"));
        Assert.StartsWith("Execution mode is now <b>PAPER</b>", notifier.Reply(own).Html);
    }

    [Fact]
    public async Task AdminCommandsRefusedToTradersAndStrangersAreAudited()
    {
        var notifier = new RecordingNotifier();
        await using var app = await fixture.StartAppAsync(notifier);
        var trader = NextUpdateId();
        await Updates.DeliverAsync(app, Updates.Message(trader, Trader, "/emergency_stop"));
        var stranger = NextUpdateId();
        await Updates.DeliverAsync(app, Updates.Message(stranger, Stranger, "/execution_mode LIVE"));

        Assert.False((await CurrentGatesAsync(app)).EmergencyStop);
        var traderRow = Assert.Single(await AuditRowsAsync(app, trader));
        Assert.Equal(("refused", Trader, "emergency_stop"), (traderRow.GetString("Outcome"), traderRow.GetInt64("ActorUserId"), traderRow.GetString("Action")));
        var strangerRow = Assert.Single(await AuditRowsAsync(app, stranger));
        Assert.Equal(("refused", Stranger, "execution_mode"), (strangerRow.GetString("Outcome"), strangerRow.GetInt64("ActorUserId"), strangerRow.GetString("Action")));
    }

    private static Task<RuntimeGateSnapshot> CurrentGatesAsync(AppHost app) => app.Services.GetRequiredService<IRuntimeGates>().CurrentAsync(default);

    private static async Task<List<TableRow>> AuditRowsAsync(AppHost app, long updateId)
    {
        var rows = await app.Services.GetRequiredService<AuditLog>().ReadDayAsync(DateOnly.FromDateTime(DateTime.UtcNow), default);
        return rows.Where(r => r.GetString("Cause") == $"update:{updateId}").ToList();
    }
}
