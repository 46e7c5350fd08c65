using Azure.Data.Tables;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Trades;
using ChainTrader.Core.Telegram;
using ChainTrader.Application.Audit;
using ChainTrader.Application.Gates;
using ChainTrader.Application.Notifications;
using ChainTrader.Adapters.Storage;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static ChainTrader.Tests.Webhook.TelegramInFixture;

namespace ChainTrader.Tests.Webhook;

/// <summary>LIVE needs a super-admin and then that same super-admin's button press on that same message within 60 s.</summary>
[Collection(TelegramInCollection.Name)]
public class LiveConfirmationTests(TelegramInFixture fixture) : IAsyncLifetime
{
    private const long PromptMessageId = 4242;

    public Task InitializeAsync() => fixture.ResetGatesAsync();
    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task OnlyTheRequestersPressOnThePromptSwitchesToLive()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var notifier = new RecordingNotifier();
        await using var app = await fixture.StartAppAsync(notifier, clock);
        var (request, prompt) = await AskForLiveAsync(app, notifier);
        var confirm = prompt.Keyboard![0][0].CallbackData!;

        // Another super-admin, a different message, a forged nonce, a stranger: each answered with a reason, nothing changes.
        Assert.Equal("Only the super-admin who asked for LIVE can answer this confirmation.",
            await PressAsync(app, OtherSuperAdmin, confirm, prompt.Keyboard));
        Assert.Equal("This button does not belong to a LIVE confirmation of this chat.",
            await PressAsync(app, SuperAdmin, confirm, [[new InlineButton("Other", "something-else")]]));
        var forged = CallbackData.Format(request, "AAAAAAAAAAAAAAAAAAAAAA", confirm: true);
        Assert.Equal("This button does not belong to a LIVE confirmation of this chat.",
            await PressAsync(app, SuperAdmin, forged, [[new InlineButton("Confirm LIVE", forged)]]));
        Assert.Equal("This button does not belong to a LIVE confirmation of this chat.",
            await PressAsync(app, SuperAdmin, confirm, prompt.Keyboard, chatId: Admin));
        Assert.Equal("This button is not handled any more.", await PressAsync(app, SuperAdmin, "nonsense", [[new InlineButton("x", "nonsense")]]));
        Assert.Equal(ExecutionMode.DryRun, await ModeAsync(app, clock));

        clock.Advance(TimeSpan.FromSeconds(58));
        var press = NextUpdateId();
        Assert.Equal("LIVE is on.", await PressAsync(app, SuperAdmin, confirm, prompt.Keyboard, press));
        Assert.Equal(ExecutionMode.Live, await ModeAsync(app, clock));
        var edit = notifier.Reply(press);
        Assert.Equal((SuperAdmin, $"reply:{request}", null), (edit.ChatId, edit.EditOf, edit.Keyboard));
        Assert.Equal("Execution mode is now <b>LIVE</b> (was DRY_RUN).", edit.Html);

        // A second press of the same button, and a replay of the same press, change nothing more.
        Assert.Equal("This confirmation was already applied.", await PressAsync(app, SuperAdmin, confirm, prompt.Keyboard));
        var (_, replayBody, _) = await Updates.PostAsync(app, Updates.Press(press, SuperAdmin, SuperAdmin, PromptMessageId, confirm, prompt.Keyboard));
        Assert.Equal("", replayBody);

        var audit = (await app.Services.GetRequiredService<AuditLog>().ReadDayAsync(DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime), default))
            .Where(r => r.GetString("Cause") is var c && (c == $"update:{request}" || c == $"confirm:{request}")).ToList();
        Assert.Equal(["applied", "confirmation requested"], audit.Select(r => r.GetString("Outcome")).Order());
        var applied = audit.Single(r => r.GetString("Outcome") == "applied");
        Assert.Equal(("DRY_RUN", "LIVE", SuperAdmin), (applied.GetString("Before"), applied.GetString("After"), applied.GetInt64("ActorUserId")));
    }

    [Fact]
    public async Task APressOnAnotherMessageCarryingTheSameButtonsChangesNothing()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var notifier = new RecordingNotifier();
        await using var app = await fixture.StartAppAsync(notifier, clock);
        var (_, prompt) = await AskForLiveAsync(app, notifier);
        var confirm = prompt.Keyboard![0][0].CallbackData!;

        // The right data, chat and presser on a message that is not the prompt the bot sent (e.g. a copy someone sent back).
        var id = NextUpdateId();
        var body = await Updates.DeliverAsync(app, Updates.Press(id, SuperAdmin, SuperAdmin, PromptMessageId + 1, confirm, prompt.Keyboard));
        Assert.Equal("This button does not belong to a LIVE confirmation of this chat.", Updates.Json(body).GetProperty("text").GetString());
        Assert.Equal(ExecutionMode.DryRun, await ModeAsync(app, clock));
        Assert.Equal("LIVE is on.", await PressAsync(app, SuperAdmin, confirm, prompt.Keyboard));
    }

    [Fact]
    public async Task AnExpiredConfirmationDoesNothing()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var notifier = new RecordingNotifier();
        await using var app = await fixture.StartAppAsync(notifier, clock);
        var (_, prompt) = await AskForLiveAsync(app, notifier);

        clock.Advance(GateRules.ConfirmationLifetime + TimeSpan.FromMilliseconds(1));
        Assert.Equal("This confirmation has expired; send /execution_mode LIVE again.", await PressAsync(app, SuperAdmin, prompt.Keyboard![0][0].CallbackData!, prompt.Keyboard));
        Assert.Equal(ExecutionMode.DryRun, await ModeAsync(app, clock));
    }

    [Fact]
    public async Task CancelLeavesTheModeAndUsesUpTheConfirmation()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var notifier = new RecordingNotifier();
        await using var app = await fixture.StartAppAsync(notifier, clock);
        var (_, prompt) = await AskForLiveAsync(app, notifier);

        var cancel = NextUpdateId();
        Assert.Equal("Cancelled.", await PressAsync(app, SuperAdmin, prompt.Keyboard![0][1].CallbackData!, prompt.Keyboard, cancel));
        Assert.Equal("Switch to LIVE cancelled; the execution mode is unchanged.", notifier.Reply(cancel).Html);
        Assert.Equal("This confirmation was already cancelled.", await PressAsync(app, SuperAdmin, prompt.Keyboard[0][0].CallbackData!, prompt.Keyboard));
        Assert.Equal(ExecutionMode.DryRun, await ModeAsync(app, clock));
    }

    [Fact]
    public async Task AnAdminCannotAskForLive()
    {
        var notifier = new RecordingNotifier();
        await using var app = await fixture.StartAppAsync(notifier);
        var id = NextUpdateId();
        await Updates.DeliverAsync(app, Updates.Message(id, Admin, "/execution_mode LIVE"));
        Assert.Equal("Refused: only a super-admin may switch the execution mode to LIVE.", notifier.Reply(id).Html);
        Assert.Null(notifier.Reply(id).Keyboard);
    }

    [Fact]
    public async Task SwitchingToTheCurrentModeSaysSoAndAsksNothing()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var notifier = new RecordingNotifier();
        await using var app = await fixture.StartAppAsync(notifier, clock);
        var dry = NextUpdateId();
        await Updates.DeliverAsync(app, Updates.Message(dry, SuperAdmin, "/execution_mode DRY_RUN"));
        Assert.Equal(("Execution mode was already <b>DRY_RUN</b>; nothing changed.", null), (notifier.Reply(dry).Html, notifier.Reply(dry).Keyboard));

        // Already LIVE: no second confirmation is asked for what is already so.
        await app.Services.GetRequiredService<IRuntimeGates>().ApplyAsync(GateChange.Mode(ExecutionMode.Live), SuperAdmin, $"test:{Guid.NewGuid():N}", null, default);
        Assert.Equal(ExecutionMode.Live, await ModeAsync(app, clock));
        var live = NextUpdateId();
        await Updates.DeliverAsync(app, Updates.Message(live, SuperAdmin, "/execution_mode LIVE"));
        Assert.Equal(("Execution mode was already <b>LIVE</b>; nothing changed.", null), (notifier.Reply(live).Html, notifier.Reply(live).Keyboard));
    }

    private static async Task<(long Request, OutboundMessage Prompt)> AskForLiveAsync(AppHost app, RecordingNotifier notifier)
    {
        var request = NextUpdateId();
        await Updates.DeliverAsync(app, Updates.Message(request, SuperAdmin, "/execution_mode live"));
        var prompt = notifier.Reply(request);
        Assert.StartsWith("⚠️ Switch the execution mode from <b>DRY_RUN</b> to <b>LIVE</b>?", prompt.Html);
        var buttons = Assert.Single(prompt.Keyboard!);
        Assert.Equal(["Confirm LIVE", "Cancel"], buttons.Select(b => b.Text));
        Assert.All(buttons, b => Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(b.CallbackData!), 1, 64));
        // The recording notifier sends nothing: record the prompt as the outbox does once Telegram accepted it.
        var outbox = app.Services.GetRequiredService<OutboxTables>();
        await outbox.EnsureCreatedAsync(default);
        await outbox.Outbox.UpsertAsync(new TableRow(OutboxTables.ChatKey(prompt.ChatId), prompt.DedupeKey).Set("MessageId", PromptMessageId),
            TableUpdateMode.Merge, default);
        return (request, prompt);
    }

    private static async Task<string> PressAsync(AppHost app, long userId, string data, IReadOnlyList<IReadOnlyList<InlineButton>>? keyboard, long? updateId = null, long chatId = SuperAdmin)
    {
        var id = updateId ?? NextUpdateId();
        var body = await Updates.DeliverAsync(app, Updates.Press(id, userId, chatId, PromptMessageId, data, keyboard));
        var answer = Updates.Json(body);
        Assert.Equal("answerCallbackQuery", answer.GetProperty("method").GetString());
        Assert.Equal($"cq{id}", answer.GetProperty("callback_query_id").GetString());
        return answer.GetProperty("text").GetString()!;
    }

    private static async Task<ExecutionMode> ModeAsync(AppHost app, ManualClock clock)
    {
        clock.Advance(TimeSpan.FromSeconds(1)); // past one poll, so this reads the table rather than the cache
        return (await app.Services.GetRequiredService<IRuntimeGates>().CurrentAsync(default)).Mode;
    }
}
