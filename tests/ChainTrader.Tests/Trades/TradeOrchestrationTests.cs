using ChainTrader.Core.Trades;
using ChainTrader.Application.Trades;
using ChainTrader.Tests.Infrastructure;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using static ChainTrader.TestSupport.TradeFixtures;

namespace ChainTrader.Tests.Trades;

/// <summary>
/// The trade orchestration's control flow on the in-memory Durable engine (DurableTaskTestHost, a gRPC sidecar on
/// loopback), with activities that record their calls over an in-memory trade row and a scripted chain. What the
/// activities do for real is covered by the lifecycle suites; this is about what the orchestration asks for, in which
/// order, how often, and what it does on a press, a cancel, a timeout, a failing activity, a rollover and a redelivery.
/// </summary>
public sealed class TradeOrchestrationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>Short enough for a test: due times and owed retries come round in seconds.</summary>
    private static readonly TradeTimings Quick = new()
    {
        PollInterval = TimeSpan.FromSeconds(2), RetryAfter = TimeSpan.FromSeconds(2), PressArrivalGrace = TimeSpan.FromSeconds(2),
    };

    [Fact]
    public async Task A_confirm_press_takes_a_live_trade_through_signing_and_broadcast_to_final()
    {
        // No retry tick may interleave here: the whole sequence of activity calls is the point.
        await using var run = await TradeRun.StartAsync(Quick with { RetryAfter = TimeSpan.FromSeconds(60) }, LiveChain());
        await run.ShowQuoteAsync();
        await run.RaiseAsync(Press());

        Assert.Equal("Final", await run.CompletionAsync());
        Assert.Equal(
            [TradeState.RiskChecked, TradeState.AwaitingConfirmation, TradeState.Confirmed, TradeState.Confirmed, TradeState.Submitted, TradeState.Submitted, TradeState.Final],
            run.Activities.Entries.Select(e => e.To));
        // Each step stored before its effects; the ledger's fill, then notifications, before the rest of a step's effects; each observation
        // applied (and its effects performed) before the next effect runs.
        Assert.Equal(
            ["load", "run:RequestRiskCheck", "save:2", "run:Notify", "save:3", "save:4", "run:Notify", "run:RequestReprice", "save:5",
             "run:SignTransaction", "save:6", "run:BroadcastTransaction", "save:7", "run:Notify", "run:PollReceipts", "save:8", "run:Settle", "run:Notify"],
            run.Activities.Calls);
    }

    [Fact]
    public async Task A_cancel_while_awaiting_confirmation_ends_the_trade_cancelled_with_its_notice()
    {
        await using var run = await TradeRun.StartAsync(Quick, LiveChain());
        await run.ShowQuoteAsync();
        await run.RaiseAsync(new CancelRequested(User));

        Assert.Equal("Cancelled", await run.CompletionAsync());
        Assert.Equal(TradeState.Cancelled, run.Activities.Entries[^1].To);
        Assert.Equal(2, run.Activities.Runs<Notify>()); // the quote, then the cancellation
        Assert.Equal(0, run.Activities.Runs<RequestReprice>());
    }

    [Fact]
    public async Task An_unconfirmed_quote_expires_on_the_durable_timer()
    {
        await using var run = await TradeRun.StartAsync(Quick with { QuoteTtl = TimeSpan.FromSeconds(3) }, LiveChain());
        await run.ShowQuoteAsync();

        Assert.Equal("Expired", await run.CompletionAsync());
        var expiry = run.Activities.Entries[^1];
        Assert.IsType<Tick>(expiry.Event);
        Assert.Equal(TradeState.AwaitingConfirmation, expiry.From);
        Assert.Equal(TradeState.Expired, expiry.To);
        Assert.True(expiry.At >= run.Activities.Entries[^2].At + TimeSpan.FromSeconds(3) + Quick.PressArrivalGrace,
            "the timer fired before the quote's lifetime and the grace for a late press were over");
    }

    [Fact]
    public async Task A_press_made_before_the_expiry_confirms_the_trade_though_it_arrives_after_it()
    {
        // The grace is long enough that the expiry timer is still pending when the delayed press arrives.
        await using var run = await TradeRun.StartAsync(Quick with { QuoteTtl = TimeSpan.FromSeconds(3), PressArrivalGrace = TimeSpan.FromSeconds(30) }, LiveChain());
        await run.ShowQuoteAsync();
        var expiresAt = run.Activities.Stored.QuoteExpiresAt!.Value;
        // The press was acknowledged a second before the expiry; its event reaches the trade only after it (a restart held it).
        await Until.TrueAsync(() => Task.FromResult(DateTimeOffset.UtcNow > expiresAt), Patience, "the quote's expiry to pass");
        await run.RaiseAsync(Press() with { PressedAt = expiresAt.AddSeconds(-1) });

        Assert.Equal("Final", await run.CompletionAsync());
        var confirmation = Assert.Single(run.Activities.Entries, e => e.Event is ConfirmPressed);
        Assert.Equal(TradeState.Confirmed, confirmation.To);
        Assert.True(confirmation.At > expiresAt, $"the press was applied at {confirmation.At:O}, before the expiry {expiresAt:O}");
    }

    [Fact]
    public async Task An_effect_that_fails_twice_then_succeeds_is_retried_by_the_policy_and_the_trade_goes_on()
    {
        await using var run = await TradeRun.StartAsync(Quick, LiveChain(), activities => activities.Fail<RequestRiskCheck>(2));
        await run.Activities.WhenStored(t => t.State == TradeState.RiskChecked).WaitAsync(Patience);
        Assert.Equal(3, run.Activities.Runs<RequestRiskCheck>());

        await run.ShowQuoteAsync();
        await run.RaiseAsync(new CancelRequested(User));
        Assert.Equal("Cancelled", await run.CompletionAsync());
    }

    [Fact]
    public async Task A_final_notification_that_fails_past_its_retries_stays_owed_and_is_delivered_after_a_wait()
    {
        await using var run = await TradeRun.StartAsync(Quick, LiveChain());
        await run.ShowQuoteAsync();
        run.Activities.Fail<Notify>(3);
        await run.RaiseAsync(new CancelRequested(User));

        Assert.Equal("Cancelled", await run.CompletionAsync());
        // The quote; then the cancellation notice: three attempts under the policy, and the owed retry after a wait
        // that succeeds before the orchestration ends.
        Assert.Equal(5, run.Activities.Runs<Notify>());
    }

    [Fact]
    public async Task A_trade_that_polls_long_continues_as_new_with_its_trade_and_ends_final()
    {
        // Two steps per generation: before submission nothing rolls over (both events, raised at once, are applied);
        // the polls that find nothing three times roll the orchestration over while submitted.
        await using var run = await TradeRun.StartAsync(Quick, LiveChain(receiptOnPoll: 4), stepsPerGeneration: 2);
        await run.Activities.WhenStored(t => t.State == TradeState.RiskChecked).WaitAsync(Patience);
        await run.RaiseAsync(new QuoteShown(QuoteMessageKey));
        await run.RaiseAsync(Press());

        Assert.Equal("Final", await run.CompletionAsync());
        var instance = await run.Host.Client.GetInstanceAsync(run.InstanceId, getInputsAndOutputs: true);
        var lastGeneration = instance!.ReadInputAs<TradeOrchestrationInput>()!;
        Assert.Equal(TradeState.Submitted, lastGeneration.Stored!.ToStoredTrade().Trade.State);
        Assert.Single(run.Activities.Entries, e => e.Event is ConfirmPressed);
        Assert.Equal(1, run.Activities.Runs<SignTransaction>());
        Assert.Equal(4, run.Activities.Runs<PollReceipts>());
        Assert.Equal([TradeState.Submitted, TradeState.Final], run.Activities.Entries.TakeLast(2).Select(e => e.To));
    }

    [Fact]
    public async Task A_redelivered_press_applies_once()
    {
        await using var run = await TradeRun.StartAsync(Quick, LiveChain(receiptOnPoll: 2));
        await run.ShowQuoteAsync();
        await run.RaiseAsync(Press());
        await run.Activities.WhenStored(t => t.State == TradeState.Submitted && t.Transactions.Any(a => a.AcceptedAt is not null)).WaitAsync(Patience);
        await run.RaiseAsync(Press());

        Assert.Equal("Final", await run.CompletionAsync());
        Assert.Single(run.Activities.Entries, e => e.Event is ConfirmPressed);
        Assert.Equal(1, run.Activities.Runs<RequestReprice>());
        Assert.Equal(1, run.Activities.Runs<SignTransaction>());
        Assert.Equal(1, run.Activities.Runs<BroadcastTransaction>());
    }

    private static ConfirmPressed Press() => new(User, QuoteMessageKey, Live);

    /// <summary>
    /// A chain that approves the risk check, re-prices at the quote, signs nonce 7, accepts the broadcast and mines it on
    /// the <paramref name="receiptOnPoll"/>-th poll (one confirmation: that is final).
    /// </summary>
    private static Func<TradeEffect, Trade, int, IReadOnlyList<TradeEvent>> LiveChain(int receiptOnPoll = 1) => (effect, trade, run) => effect switch
    {
        RequestRiskCheck => [new RiskEvaluated(Approved, Quote())],
        RequestReprice => [new Repriced(Quote())],
        SignTransaction => [new TransactionSigned(Signed(7))],
        BroadcastTransaction b => [new BroadcastResult(b.Hash, BroadcastOutcome.Accepted)],
        PollReceipts when run >= receiptOnPoll => [new ReceiptSeen(Receipt(trade.Transactions[0].Hash))],
        _ => [],
    };

    /// <summary>One orchestrated trade on its own in-memory engine.</summary>
    private sealed class TradeRun(DurableTaskTestHost host, RecordingTradeActivities activities, string instanceId) : IAsyncDisposable
    {
        public DurableTaskTestHost Host => host;
        public RecordingTradeActivities Activities => activities;
        public string InstanceId => instanceId;

        public static async Task<TradeRun> StartAsync(TradeTimings timings, Func<TradeEffect, Trade, int, IReadOnlyList<TradeEvent>> chain,
            Action<RecordingTradeActivities>? arrange = null, int stepsPerGeneration = TradeOrchestrationInput.DefaultStepsPerGeneration)
        {
            var opened = new TradeStateMachine(timings).Open(TradeId, Intent, 1, DateTimeOffset.UtcNow);
            var activities = new RecordingTradeActivities(new StoredTrade(opened.Trade, "etag-1", "button-nonce", "test"), chain);
            arrange?.Invoke(activities);
            var host = await DurableTaskTestHost.StartAsync(activities.Register, new DurableTaskTestHostOptions { Port = AppHost.FreePort() });
            var input = TradeOrchestrationInput.Opening(TradeId, timings, opened.Effects) with { StepsPerGeneration = stepsPerGeneration };
            var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(TradeOrchestration.Name, input,
                new StartOrchestrationOptions(TradeOrchestration.InstanceId(TradeId)));
            return new TradeRun(host, activities, instanceId);
        }

        /// <summary>What the outbox does once Telegram took the quote message: raise its delivery.</summary>
        public async Task ShowQuoteAsync()
        {
            await activities.WhenStored(t => t.State == TradeState.RiskChecked).WaitAsync(Patience);
            await RaiseAsync(new QuoteShown(QuoteMessageKey));
            await activities.WhenStored(t => t.State == TradeState.AwaitingConfirmation).WaitAsync(Patience);
        }

        public Task RaiseAsync(TradeEvent evt) => host.Client.RaiseEventAsync(instanceId, TradeOrchestration.EventName, TradeWire.Encode(evt));

        public async Task<string?> CompletionAsync()
        {
            using var patience = new CancellationTokenSource(Patience);
            var done = await host.Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, patience.Token);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            return done.ReadOutputAs<string>();
        }

        public ValueTask DisposeAsync() => host.DisposeAsync();
    }
}
