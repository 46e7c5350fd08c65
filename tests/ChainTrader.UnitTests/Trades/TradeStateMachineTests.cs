using System.Numerics;
using ChainTrader.Core.Risk;
using ChainTrader.Core.Trades;
using ChainTrader.Core.Watching;
using static ChainTrader.TestSupport.TradeFixtures;

namespace ChainTrader.UnitTests.Trades;

public class TradeStateMachineTests
{
    [Fact]
    public void A_quote_delivered_late_counts_its_lifetime_from_delivery_not_from_when_it_was_learned()
    {
        var risk = RiskChecked();
        Assert.Equal(QuoteMessageKey, TradeStateMachine.QuotePromptKey(risk));
        // Delivered at T0+50 s (a crashed instance held the chat), learned by the sweeper at T0+55 s.
        var shown = Step(risk, new QuoteShown(QuoteMessageKey, T0.AddSeconds(50)), T0.AddSeconds(55));
        Assert.Equal(T0.AddSeconds(110), shown.Trade.QuoteExpiresAt);
        Assert.Equal("confirmed", Step(shown.Trade, new ConfirmPressed(User, QuoteMessageKey, Live), T0.AddSeconds(109)).Message);
        // A delivery time ahead of this instance's clock never extends the lifetime past now + TTL.
        Assert.Equal(T0.AddSeconds(115), Step(risk, new QuoteShown(QuoteMessageKey, T0.AddSeconds(90)), T0.AddSeconds(55)).Trade.QuoteExpiresAt);
    }

    [Fact]
    public void Live_happy_path_from_request_to_final()
    {
        var open = Machine.Open(TradeId, Intent, Depth, T0);
        Assert.Equal(TradeState.Requested, open.Trade.State);
        Assert.IsType<RequestRiskCheck>(Assert.Single(open.Effects));
        Assert.Equal(T0 + Timings.RetryAfter, open.DueAt);
        Assert.Equal(1, open.Entry!.Sequence);

        var risk = Step(open.Trade, new RiskEvaluated(Approved, Quote()), T0.AddSeconds(1));
        Assert.Equal(TradeState.RiskChecked, risk.Trade.State);
        var prompt = Single<Notify>(risk);
        Assert.Equal((TradeNotificationKind.QuotePrompt, QuoteMessageKey, (string?)null), (prompt.Kind, prompt.DedupeKey, prompt.EditOf));

        var shown = Step(risk.Trade, new QuoteShown(QuoteMessageKey), T0.AddSeconds(2));
        Assert.Equal(TradeState.AwaitingConfirmation, shown.Trade.State);
        Assert.Equal(T0.AddSeconds(62), shown.Trade.QuoteExpiresAt);
        Assert.Equal(T0.AddSeconds(62) + Timings.PressArrivalGrace, shown.DueAt);
        Assert.Empty(shown.Effects);

        var confirmed = Step(shown.Trade, new ConfirmPressed(User, QuoteMessageKey, Live), T0.AddSeconds(10));
        Assert.Equal((TradeState.Confirmed, ExecutionMode.Live), (confirmed.Trade.State, confirmed.Trade.Mode));
        Assert.Equal("confirmed", confirmed.Message);
        Assert.Single(confirmed.Effects.OfType<RequestReprice>());
        Assert.Equal(QuoteMessageKey, Single<Notify>(confirmed).EditOf);

        var priced = Step(confirmed.Trade, new Repriced(Quote(BigInteger.Parse("499000000000000000"))), T0.AddSeconds(11));
        var sign = Single<SignTransaction>(priced);
        Assert.Equal(($"sign:{TradeId}:0", (long?)null, false), (sign.SigningKey, sign.Nonce, sign.ForSimulation));
        Assert.Equal(BigInteger.Parse("497500000000000000"), sign.Order.AmountOutMinRaw); // the shown min-out, tighter than the new quote's
        Assert.Equal(T0 + Timings.SwapDeadline, sign.Order.Deadline); // from the quote's chain time
        Assert.Equal((Usdc, Weth), (sign.Order.TokenIn, sign.Order.TokenOut));

        var tx = Signed(7);
        var signed = Step(priced.Trade, new TransactionSigned(tx), T0.AddSeconds(12));
        Assert.Equal(TradeState.Submitted, signed.Trade.State);
        var broadcast = Single<BroadcastTransaction>(signed);
        Assert.Equal((tx.Hash, tx.RawTransaction), (broadcast.Hash, broadcast.RawTransaction));

        var accepted = Step(signed.Trade, new BroadcastResult(tx.Hash, BroadcastOutcome.Accepted), T0.AddSeconds(13));
        Assert.Equal($"trade:{TradeId}:{tx.Hash}:submitted", Single<Notify>(accepted).DedupeKey);
        Assert.Equal([tx.Hash], Single<PollReceipts>(accepted).Hashes);
        Assert.Equal(T0.AddSeconds(13) + Timings.PollInterval, accepted.DueAt);

        var included = Step(accepted.Trade, new ReceiptSeen(Receipt(tx.Hash)), T0.AddSeconds(20));
        Assert.Equal((TradeState.Included, 1), (included.Trade.State, included.Trade.Confirmations));
        Assert.Equal("1/6", Single<Notify>(included).Detail);
        Assert.Equal(new CheckInclusion(tx.Hash, 100, BlockHash(100)), Single<CheckInclusion>(included));

        var three = Step(included.Trade, new HeadAdvanced(102, BlockHash(100)), T0.AddSeconds(40));
        Assert.Equal(3, three.Trade.Confirmations);
        Assert.Equal($"trade:{TradeId}:{tx.Hash}:included-3", Single<Notify>(three).DedupeKey);

        var same = Step(three.Trade, new HeadAdvanced(102, BlockHash(100)), T0.AddSeconds(45));
        Assert.Null(same.Entry);
        Assert.Empty(same.Effects.OfType<Notify>());

        var final = Step(same.Trade, new HeadAdvanced(105, BlockHash(100)), T0.AddSeconds(80));
        Assert.Equal(TradeState.Final, final.Trade.State);
        Assert.Null(final.DueAt);
        var settle = Single<Settle>(final);
        Assert.Equal($"settle:{TradeId}", settle.Key);
        Assert.Equal((0.4991m, 1000m, 1000m, 0.003m, 6m, FillKind.Chain), (settle.Fill.BaseQuantity, settle.Fill.QuoteAmount, settle.Fill.QuoteUsd, settle.Fill.GasNative, settle.Fill.GasUsd, settle.Fill.Kind));
        Assert.Equal(TradeNotificationKind.Final, Single<Notify>(final).Kind);
    }

    [Fact]
    public void Paper_fills_at_the_quote_without_touching_the_chain()
    {
        var step = Step(Confirmed(ExecutionMode.Paper), new Repriced(Quote()), T0.AddSeconds(11));
        Assert.Equal(TradeState.Final, step.Trade.State);
        Assert.Empty(step.Effects.OfType<SignTransaction>());
        var fill = Single<Settle>(step).Fill;
        Assert.Equal((FillKind.Paper, 0.5m, 1000m, 1m, 0.0005m), (fill.Kind, fill.BaseQuantity, fill.QuoteUsd, fill.GasUsd, fill.GasNative));
        Assert.Null(step.DueAt);
    }

    [Fact]
    public void Dry_run_signs_and_simulates_but_never_broadcasts()
    {
        var priced = Step(Confirmed(ExecutionMode.DryRun), new Repriced(Quote()), T0.AddSeconds(11));
        Assert.True(Single<SignTransaction>(priced).ForSimulation);
        var tx = Signed(3);
        var signed = Step(priced.Trade, new TransactionSigned(tx), T0.AddSeconds(12));
        Assert.Equal(TradeState.Confirmed, signed.Trade.State);
        Assert.Equal(new Simulate(tx.Hash, tx.RawTransaction), Single<Simulate>(signed));
        Assert.Empty(signed.Effects.OfType<BroadcastTransaction>());

        var retry = Step(signed.Trade, new Tick(), T0.AddSeconds(30));
        Assert.IsType<Simulate>(Assert.Single(retry.Effects));

        var done = Step(signed.Trade, new SimulationCompleted(true, null), T0.AddSeconds(13));
        Assert.Equal(TradeState.Simulated, done.Trade.State);
        Assert.Null(done.DueAt);
        Assert.Empty(done.Effects.OfType<Settle>());

        var reverted = Step(signed.Trade, new SimulationCompleted(false, "UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT"), T0.AddSeconds(13));
        Assert.Equal(TradeState.Failed, reverted.Trade.State);
        Assert.Equal("simulation reverted: UniswapV2Router: INSUFFICIENT_OUTPUT_AMOUNT", reverted.Trade.Outcome);
    }

    [Fact]
    public void Risk_rejection_names_every_failed_rule()
    {
        var decision = new RiskDecision(
        [
            new RuleFailure("pacing.min_interval", "180 s", "42 s", "pacing.min_interval: last trade 42 s ago < 180 s"),
            new RuleFailure("oracle.usable", "usable", "unusable", "oracle.usable: WETH price is not usable: stale"),
        ], 28);
        var step = Step(Requested(), new RiskEvaluated(decision, null), T0.AddSeconds(1));
        Assert.Equal(TradeState.Rejected, step.Trade.State);
        var notify = Single<Notify>(step);
        Assert.Equal(TradeNotificationKind.Rejected, notify.Kind);
        Assert.Contains("pacing.min_interval: last trade 42 s ago < 180 s", notify.Detail);
        Assert.Contains("oracle.usable", notify.Detail);
        Assert.Null(step.DueAt);
    }

    [Fact]
    public void An_approved_decision_must_carry_its_quote_for_the_trade_amount()
    {
        Assert.Contains("must carry the quote", Assert.Throws<ArgumentException>(() => Machine.Apply(Requested(), new RiskEvaluated(Approved, null), T0)).Message);
        Assert.Contains("raw units in", Assert.Throws<ArgumentException>(() => Machine.Apply(Requested(), new RiskEvaluated(Approved, Quote() with { AmountInRaw = 5 }), T0)).Message);
    }

    [Theory]
    [InlineData("500000000000000000", true)]    // unchanged
    [InlineData("497500000000000000", true)]    // 50 bps worse: at the bound
    [InlineData("502500000000000000", true)]    // 50 bps better
    [InlineData("497499999999999999", false)]   // just past the bound
    [InlineData("510000000000000000", false)]   // 200 bps better is an outlier too
    public void Reprice_bound(string expectedOut, bool accepted)
    {
        var step = Step(Confirmed(), new Repriced(Quote(BigInteger.Parse(expectedOut)) with { MinOutRaw = 0 }), T0.AddSeconds(11));
        Assert.Equal(accepted ? TradeState.Confirmed : TradeState.Rejected, step.Trade.State);
        if (!accepted) Assert.Matches(@"^price moved \d+ bps since the quote > 50 bps bound$", step.Trade.Outcome);
    }

    [Fact]
    public void Duplicate_and_stray_confirm_presses()
    {
        var confirmed = Confirmed();
        var again = Machine.Apply(confirmed, new ConfirmPressed(User, QuoteMessageKey, Live), T0.AddSeconds(11));
        Assert.Equal("already confirmed", again.Rejection);
        Assert.Same(confirmed, again.Trade);
        Assert.Empty(again.Effects);

        var awaiting = Awaiting();
        Assert.Equal("only the trader who opened this trade can confirm it", Machine.Apply(awaiting, new ConfirmPressed(7, QuoteMessageKey, Live), T0.AddSeconds(5)).Rejection);
        Assert.Equal("this button is not on this trade's quote message", Machine.Apply(awaiting, new ConfirmPressed(User, "reply:99", Live), T0.AddSeconds(5)).Rejection);
        Assert.Equal("no quote has been shown yet", Machine.Apply(RiskChecked(), new ConfirmPressed(User, QuoteMessageKey, Live), T0.AddSeconds(5)).Rejection);
        var unknownMode = Machine.Apply(awaiting, new ConfirmPressed(User, QuoteMessageKey, new GateState(null, false, false)), T0.AddSeconds(5));
        Assert.Equal("execution mode could not be read; try again", unknownMode.Rejection);
        Assert.Same(awaiting, unknownMode.Trade);
    }

    [Fact]
    public void Confirm_after_expiry_expires_the_trade_and_later_presses_say_quote_expired()
    {
        var awaiting = Awaiting();
        var late = Step(awaiting, new ConfirmPressed(User, QuoteMessageKey, Live), awaiting.QuoteExpiresAt!.Value);
        Assert.Equal((TradeState.Expired, "quote expired"), (late.Trade.State, late.Message));
        Assert.Equal(TradeNotificationKind.Expired, Single<Notify>(late).Kind);
        Assert.Equal("quote expired", Machine.Apply(late.Trade, new ConfirmPressed(User, QuoteMessageKey, Live), T0.AddMinutes(5)).Rejection);
        var justInTime = Step(awaiting, new ConfirmPressed(User, QuoteMessageKey, Live), awaiting.QuoteExpiresAt!.Value.AddTicks(-1));
        Assert.Equal(TradeState.Confirmed, justInTime.Trade.State);
    }

    [Fact]
    public void A_press_is_judged_at_its_own_time_so_one_made_in_time_counts_however_late_it_is_applied()
    {
        var awaiting = Awaiting();
        var expiry = awaiting.QuoteExpiresAt!.Value;
        // Pressed (and acknowledged) a second before the expiry; a restart held the event back past it.
        var delayed = Step(awaiting, new ConfirmPressed(User, QuoteMessageKey, Live, expiry.AddSeconds(-1)), expiry + Timings.PressArrivalGrace);
        Assert.Equal(TradeState.Confirmed, delayed.Trade.State);
        // The confirmation timeout counts from when the trade learned of the press.
        Assert.Equal(expiry + Timings.PressArrivalGrace, delayed.Trade.StateSince);
        var pressedLate = Step(awaiting, new ConfirmPressed(User, QuoteMessageKey, Live, expiry), expiry.AddSeconds(1));
        Assert.Equal((TradeState.Expired, "quote expired"), (pressedLate.Trade.State, pressedLate.Message));
        // A Cancel is judged the same way: in time it cancels however late it is applied; after the expiry it expires the quote.
        var cancelledLate = Step(awaiting, new CancelRequested(User, expiry.AddSeconds(-1)), expiry + Timings.PressArrivalGrace);
        Assert.Equal(TradeState.Cancelled, cancelledLate.Trade.State);
        var cancelAfterExpiry = Step(awaiting, new CancelRequested(User, expiry), expiry.AddSeconds(1));
        Assert.Equal((TradeState.Expired, "quote expired before confirmation", "quote expired"),
            (cancelAfterExpiry.Trade.State, cancelAfterExpiry.Trade.Outcome, cancelAfterExpiry.Message));
        // A press time ahead of the applying clock (another instance's clock) counts as that clock's now.
        Assert.Equal(TradeState.Confirmed, Step(awaiting, new ConfirmPressed(User, QuoteMessageKey, Live, expiry.AddSeconds(5)), expiry.AddSeconds(-10)).Trade.State);
    }

    [Theory]
    [InlineData(true, false, "emergency stop is active; send the order again after a super-admin sends /emergency_resume")]
    [InlineData(false, true, "maintenance mode is on; send the order again after a super-admin sends /maintenance_mode off")]
    public void Confirm_while_a_gate_is_closed_cancels(bool stop, bool maintenance, string reason)
    {
        var step = Step(Awaiting(), new ConfirmPressed(User, QuoteMessageKey, new GateState(ExecutionMode.Live, stop, maintenance)), T0.AddSeconds(5));
        Assert.Equal((TradeState.Cancelled, reason), (step.Trade.State, step.Trade.Outcome));
    }

    [Fact]
    public void Timeouts_fire_on_tick_with_explicit_now()
    {
        var requested = Requested();
        var retry = Step(requested, new Tick(), T0 + Timings.RetryAfter);
        Assert.IsType<RequestRiskCheck>(Assert.Single(retry.Effects));
        Assert.Null(retry.Entry);
        Assert.Equal(T0 + Timings.RetryAfter * 2, retry.DueAt);
        Assert.Equal(TradeState.Expired, Step(requested, new Tick(), T0 + Timings.OpenTimeout).Trade.State);

        var checkedTrade = RiskChecked();
        Assert.Equal(TradeNotificationKind.QuotePrompt, Single<Notify>(Step(checkedTrade, new Tick(), T0.AddSeconds(20))).Kind);
        Assert.Equal(TradeState.Expired, Step(checkedTrade, new Tick(), T0 + Timings.OpenTimeout).Trade.State);
        Assert.Equal(T0 + Timings.OpenTimeout, Step(checkedTrade, new Tick(), T0.AddSeconds(110)).DueAt);

        // An unpressed quote waits out its grace for a press still on its way, then expires.
        var awaiting = Awaiting();
        var expiresUnpressed = awaiting.QuoteExpiresAt!.Value + Timings.PressArrivalGrace;
        Assert.Equal(expiresUnpressed, Machine.ExpiresUnpressedAt(awaiting));
        Assert.StartsWith("nothing due before", Machine.Apply(awaiting, new Tick(), awaiting.QuoteExpiresAt!.Value).Rejection);
        Assert.StartsWith("nothing due before", Machine.Apply(awaiting, new Tick(), expiresUnpressed.AddTicks(-1)).Rejection);
        var expired = Step(awaiting, new Tick(), expiresUnpressed);
        Assert.Equal((TradeState.Expired, "quote expired before confirmation"), (expired.Trade.State, expired.Trade.Outcome));
        Assert.Equal(QuoteMessageKey, Single<Notify>(expired).EditOf);

        var confirmed = Confirmed();
        Assert.IsType<RequestReprice>(Assert.Single(Step(confirmed, new Tick(), T0.AddSeconds(30)).Effects));
        var priced = Priced();
        Assert.Equal($"sign:{TradeId}:0", Assert.IsType<SignTransaction>(Assert.Single(Step(priced, new Tick(), T0.AddSeconds(30)).Effects)).SigningKey);
        var timedOut = Step(priced, new Tick(), confirmed.StateSince + Timings.ConfirmTimeout);
        Assert.Equal(TradeState.Failed, timedOut.Trade.State);
        Assert.Equal(new AbandonSigning($"sign:{TradeId}:0"), Single<AbandonSigning>(timedOut));
    }

    [Fact]
    public void Cancel_before_submission_only_by_the_owner()
    {
        foreach (var trade in new[] { Requested(), RiskChecked(), Awaiting(), Confirmed() })
        {
            Assert.Equal("only the trader who opened this trade can cancel it", Machine.Apply(trade, new CancelRequested(7), T0.AddSeconds(20)).Rejection);
            var cancelled = Step(trade, new CancelRequested(User), T0.AddSeconds(20));
            Assert.Equal((TradeState.Cancelled, "cancelled by the trader"), (cancelled.Trade.State, cancelled.Trade.Outcome));
            Assert.Empty(cancelled.Effects.OfType<AbandonSigning>());
        }
        Assert.Single(Step(Priced(), new CancelRequested(User), T0.AddSeconds(20)).Effects.OfType<AbandonSigning>());
        Assert.Equal("already submitted on-chain; it can no longer be cancelled", Machine.Apply(Submitted(), new CancelRequested(User), T0.AddSeconds(20)).Rejection);
        Assert.Equal("trade is already final", Machine.Apply(Final(), new CancelRequested(User), T0.AddMinutes(5)).Rejection);
    }

    public static TheoryData<string> EveryState => new() { "Requested", "RiskChecked", "Awaiting", "Confirmed", "Priced", "SignedLive", "Submitted", "Included", "Final", "Cancelled", "Failed" };

    [Theory]
    [MemberData(nameof(EveryState))]
    public void Emergency_stop_cancels_everything_not_yet_submitted(string fixture)
    {
        var trade = TradeStateMachineTableTests.Reach(fixture);
        var step = Machine.Apply(trade, new EmergencyStop(), T0.AddSeconds(50));
        switch (trade.State)
        {
            case TradeState.Requested or TradeState.RiskChecked or TradeState.AwaitingConfirmation or TradeState.Confirmed:
                Assert.Equal((TradeState.Cancelled, "emergency stop"), (step.Trade.State, step.Trade.Outcome));
                Assert.Null(step.DueAt);
                Assert.Equal(TradeNotificationKind.Cancelled, Single<Notify>(step).Kind);
                break;
            case TradeState.Submitted or TradeState.Included:
                Assert.Equal("already submitted on-chain; monitoring continues", step.Rejection);
                Assert.NotNull(step.DueAt);
                Assert.True(Machine.Apply(step.Trade, new Tick(), step.DueAt!.Value).Effects.Count > 0);
                break;
            default:
                Assert.False(step.Applied);
                break;
        }
    }

    [Fact]
    public void Not_mined_in_time_requests_a_replacement_with_the_same_nonce_and_bumped_fees()
    {
        var submitted = Submitted();
        var acceptedAt = submitted.Transactions[0].AcceptedAt!.Value;
        var early = Step(submitted, new Tick(), acceptedAt + Timings.MineTimeout - TimeSpan.FromSeconds(1));
        Assert.Empty(early.Effects.OfType<SignTransaction>());
        Assert.Null(early.Entry);

        var due = Step(submitted, new Tick(), acceptedAt + Timings.MineTimeout);
        var sign = Single<SignTransaction>(due);
        Assert.Equal(($"sign:{TradeId}:1", (long?)7), (sign.SigningKey, sign.Nonce));
        Assert.Equal(new TxFees(33_000_000_000, 2_200_000_000), sign.MinFees);
        Assert.True(due.Trade.ReplacementRequested);
        Assert.Contains("replacing with fees +10 %", due.Entry!.Note);

        Assert.Equal("a replacement must reuse nonce 7, not 8", Machine.Apply(due.Trade, new TransactionSigned(Signed(8, sign.MinFees, 1)), T0.AddMinutes(2)).Rejection);
        var cheap = Machine.Apply(due.Trade, new TransactionSigned(Signed(7, new TxFees(33_000_000_000, 2_199_999_999), 1)), T0.AddMinutes(2));
        Assert.StartsWith("replacement fees must be at least +10 % on both", cheap.Rejection);

        var replacement = Signed(7, sign.MinFees, 1);
        var replaced = Step(due.Trade, new TransactionSigned(replacement), T0.AddMinutes(2));
        Assert.Equal(TradeState.Submitted, replaced.Trade.State);
        Assert.Equal(replacement.Hash, replaced.Trade.CurrentTransaction!.Hash);
        Assert.Equal(replacement.Hash, Single<BroadcastTransaction>(replaced).Hash);
        Assert.Equal(TradeNotificationKind.Replaced, Single<Notify>(replaced).Kind);
        var poll = Single<PollReceipts>(Step(replaced.Trade, new Tick(), T0.AddMinutes(2).AddSeconds(5)));
        Assert.Equal([submitted.Transactions[0].Hash, replacement.Hash], poll.Hashes);
    }

    private static (Trade Trade, SignedSwapTransaction Old, SignedSwapTransaction New) Replaced()
    {
        var submitted = Submitted();
        var due = Step(submitted, new Tick(), submitted.Transactions[0].AcceptedAt!.Value + Timings.MineTimeout);
        var replacement = Signed(7, Fees.BumpedBy(10), 1);
        var replaced = Step(due.Trade, new TransactionSigned(replacement), T0.AddMinutes(2));
        var accepted = Step(replaced.Trade, new BroadcastResult(replacement.Hash, BroadcastOutcome.Accepted), T0.AddMinutes(2));
        Assert.Empty(accepted.Effects.OfType<Notify>()); // "submitted" was already said for the first one
        return (accepted.Trade, Signed(7), replacement);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Whichever_hash_mines_wins_and_the_ledger_counts_one_fill(bool newMines)
    {
        var (trade, oldTx, newTx) = Replaced();
        var winner = newMines ? newTx : oldTx;
        var loser = newMines ? oldTx : newTx;
        var settles = new List<Settle>();
        var included = Step(trade, new ReceiptSeen(Receipt(winner.Hash)), T0.AddMinutes(3));
        Assert.Equal(winner.Hash, included.Trade.Receipt!.TxHash);
        Assert.Equal("already included in block 100", Machine.Apply(included.Trade, new ReceiptSeen(Receipt(loser.Hash, 101)), T0.AddMinutes(3)).Rejection);
        var final = Step(included.Trade, new HeadAdvanced(110, BlockHash(100)), T0.AddMinutes(5));
        settles.AddRange(included.Effects.OfType<Settle>().Concat(final.Effects.OfType<Settle>()));
        Assert.Equal($"trade:{TradeId}:{winner.Hash}:final", Single<Notify>(final).DedupeKey);
        Assert.False(Machine.Apply(final.Trade, new ReceiptSeen(Receipt(loser.Hash, 101)), T0.AddMinutes(6)).Applied);

        var settle = Assert.Single(settles);
        Assert.Equal(winner.Hash, settle.Fill.TxHash);
        var ledger = Ledger.Open(10_000m, T0);
        ledger = Ledger.Settle(ledger, settle.Fill).Ledger;
        Assert.False(Ledger.Settle(ledger, settle.Fill).Applied);
        Assert.Equal(0.4991m, Assert.Single(ledger.Positions).Quantity);
    }

    [Fact]
    public void The_quote_message_key_names_its_trade_and_no_other_key_does()
    {
        var trade = RiskChecked();
        Assert.Equal(trade.Id, TradeStateMachine.TradeOfQuotePromptKey(TradeStateMachine.QuotePromptKey(trade)));
        Assert.Null(TradeStateMachine.TradeOfQuotePromptKey($"trade:{trade.Id}:final"));
        Assert.Null(TradeStateMachine.TradeOfQuotePromptKey($"trade:{trade.Id}:0xabc:quoteprompt"));
        Assert.Null(TradeStateMachine.TradeOfQuotePromptKey("notified:0xabc:4242:quoteprompt"));
        Assert.Null(TradeStateMachine.TradeOfQuotePromptKey("trade::quoteprompt"));
    }

    [Fact]
    public void The_swap_deadline_counts_from_the_chain_clock_and_fails_the_trade_on_the_desk_clock()
    {
        // The chain's clock runs 15 minutes ahead of the desk's: a deadline from the desk's clock would already be past.
        var chainAhead = TimeSpan.FromMinutes(15);
        var repricedAt = T0.AddSeconds(11);
        var priced = Step(Confirmed(), new Repriced(Quote() with { ChainTime = repricedAt + chainAhead }), repricedAt);
        var order = Single<SignTransaction>(priced).Order;
        Assert.Equal(repricedAt + chainAhead + Timings.SwapDeadline, order.Deadline);
        Assert.Equal(repricedAt + Timings.SwapDeadline, order.DeskDeadline);

        var tx = Signed(7);
        var submitted = Step(Step(priced.Trade, new TransactionSigned(tx), repricedAt).Trade, new BroadcastResult(tx.Hash, BroadcastOutcome.Accepted), repricedAt).Trade;
        var justBefore = order.DeskDeadline + Timings.MineTimeout - TimeSpan.FromSeconds(1);
        Assert.NotEqual(TradeState.Failed, Step(submitted, new Tick(), justBefore).Trade.State);
        Assert.Equal(TradeState.Failed, Step(submitted, new Tick(), justBefore + TimeSpan.FromSeconds(1)).Trade.State);
    }

    [Fact]
    public void Replacements_stop_at_the_maximum_and_the_deadline_fails_the_trade()
    {
        var trade = Submitted();
        var now = trade.Transactions[0].AcceptedAt!.Value;
        for (var i = 1; i <= Timings.MaxReplacements; i++)
        {
            now += Timings.MineTimeout;
            var due = Step(trade, new Tick(), now);
            var tx = Signed(7, Single<SignTransaction>(due).MinFees, i);
            trade = Step(Step(due.Trade, new TransactionSigned(tx), now).Trade, new BroadcastResult(tx.Hash, BroadcastOutcome.Accepted), now).Trade;
        }
        Assert.Equal(1 + Timings.MaxReplacements, trade.Transactions.Count);
        Assert.All(trade.Transactions, a => Assert.Equal(7, a.Nonce));
        now += Timings.MineTimeout;
        Assert.Empty(Step(trade, new Tick(), now).Effects.OfType<SignTransaction>());

        var failed = Step(trade, new Tick(), trade.Order!.DeskDeadline + Timings.MineTimeout);
        Assert.Equal(TradeState.Failed, failed.Trade.State);
        Assert.StartsWith("not mined before the swap deadline", failed.Trade.Outcome);
        Assert.Equal(new ReconcileNonce(7), Single<ReconcileNonce>(failed));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Reorg_at_depth_goes_back_to_submitted_rebroadcasts_the_same_bytes_and_reincludes(int depth)
    {
        var included = Included();
        var tx = included.Transactions[0];
        var settles = new List<Settle>();
        var trade = included;
        if (depth > 1) trade = Step(trade, new HeadAdvanced(100 + depth - 1, BlockHash(100)), T0.AddSeconds(40)).Trade;
        Assert.Equal(depth, trade.Confirmations);

        var reorg = Step(trade, new HeadAdvanced(100 + depth, BlockHash(100, fork: 1)), T0.AddSeconds(50));
        Assert.Equal((TradeState.Submitted, 0, 1), (reorg.Trade.State, reorg.Trade.Confirmations, reorg.Trade.Reorgs));
        Assert.Null(reorg.Trade.Receipt);
        Assert.Equal(new BroadcastTransaction(tx.Hash, tx.RawTransaction), Single<BroadcastTransaction>(reorg));
        var notify = Single<Notify>(reorg);
        Assert.Equal((TradeNotificationKind.Reorged, $"trade:{TradeId}:{tx.Hash}:reorged-1"), (notify.Kind, notify.DedupeKey));
        Assert.Contains($"after {depth}/{Depth}", reorg.Entry!.Note);
        Assert.Empty(reorg.Effects.OfType<Settle>());

        var known = Step(reorg.Trade, new BroadcastResult(tx.Hash, BroadcastOutcome.AlreadyKnown), T0.AddSeconds(51));
        var reincluded = Step(known.Trade, new ReceiptSeen(Receipt(tx.Hash, 101, fork: 1)), T0.AddSeconds(60));
        Assert.Equal(TradeState.Included, reincluded.Trade.State);
        var final = Step(reincluded.Trade, new HeadAdvanced(101 + Depth - 1, BlockHash(101, fork: 1)), T0.AddSeconds(120));
        Assert.Equal(TradeState.Final, final.Trade.State);
        settles.AddRange(final.Effects.OfType<Settle>());
        Assert.Equal(tx.Hash, Assert.Single(settles).Fill.TxHash);
        Assert.Equal(BlockHash(101, fork: 1), final.Trade.Receipt!.BlockHash);
    }

    [Fact]
    public void A_vanished_receipt_is_a_reorg_and_a_lagging_node_is_not()
    {
        var included = Included();
        var lagging = Step(included, new HeadAdvanced(99, null), T0.AddSeconds(40));
        Assert.Equal(TradeState.Included, lagging.Trade.State);
        Assert.Null(lagging.Entry);
        var gone = Step(included, new ReceiptGone(included.Receipt!.TxHash), T0.AddSeconds(40));
        Assert.Equal((TradeState.Submitted, 1), (gone.Trade.State, gone.Trade.Reorgs));
        Assert.Single(gone.Effects.OfType<BroadcastTransaction>());

        // With the node's view read alongside: only another block at the receipt's height is a reorg. A node behind the
        // block, without a block there, or with the receipt's own block there is lagging: look again, record nothing.
        var r = included.Receipt!;
        foreach (var laggingView in new[]
                 {
                     new ReceiptGone(r.TxHash, r.BlockNumber - 1, null),
                     new ReceiptGone(r.TxHash, r.BlockNumber + 3, null),
                     new ReceiptGone(r.TxHash, r.BlockNumber + 3, r.BlockHash.ToUpperInvariant()),
                 })
        {
            var looked = Step(included, laggingView, T0.AddSeconds(40));
            Assert.Equal((TradeState.Included, 0), (looked.Trade.State, looked.Trade.Reorgs));
            Assert.Null(looked.Entry);
            Assert.Equal(new CheckInclusion(r.TxHash, r.BlockNumber, r.BlockHash), Assert.Single(looked.Effects));
        }
        var replaced = Step(included, new ReceiptGone(r.TxHash, r.BlockNumber + 3, BlockHash(r.BlockNumber, fork: 1)), T0.AddSeconds(40));
        Assert.Equal((TradeState.Submitted, 1), (replaced.Trade.State, replaced.Trade.Reorgs));
        Assert.Equal($"no receipt for 0xabc is recorded", Machine.Apply(included, new ReceiptGone("0xabc"), T0.AddSeconds(40)).Rejection);
    }

    [Fact]
    public void Reverted_transactions_fail_with_the_reason_and_charge_gas_once()
    {
        var submitted = Submitted();
        var hash = submitted.Transactions[0].Hash;
        var seen = Step(submitted, new ReceiptSeen(Receipt(hash, succeeded: false)), T0.AddSeconds(30));
        Assert.Equal(TradeState.Submitted, seen.Trade.State);
        Assert.Equal(new ExplainRevert(hash, 100), Single<ExplainRevert>(seen));
        Assert.IsType<ExplainRevert>(Assert.Single(Step(seen.Trade, new Tick(), T0.AddSeconds(40)).Effects));

        var failed = Step(seen.Trade, new Reverted(hash, "UniswapV2Router: EXPIRED"), T0.AddSeconds(41));
        Assert.Equal((TradeState.Failed, "reverted: UniswapV2Router: EXPIRED"), (failed.Trade.State, failed.Trade.Outcome));
        var fill = Single<Settle>(failed).Fill;
        Assert.Equal((FillKind.GasOnly, 0m, 0.003m, 6m), (fill.Kind, fill.BaseQuantity, fill.GasNative, fill.GasUsd));
        Assert.Equal(TradeNotificationKind.Failed, Single<Notify>(failed).Kind);
        Assert.False(Machine.Apply(failed.Trade, new Reverted(hash, "again"), T0.AddSeconds(42)).Applied);
    }

    [Fact]
    public void Nonce_too_low_checks_our_hashes_then_fails_if_none_mined()
    {
        var signed = SignedLive();
        var hash = signed.Transactions[0].Hash;
        var tooLow = Step(signed, new BroadcastResult(hash, BroadcastOutcome.NonceTooLow, "nonce too low"), T0.AddSeconds(13));
        Assert.Equal([hash], Single<PollReceipts>(tooLow).Hashes);

        var mined = Step(tooLow.Trade, new ReceiptSeen(Receipt(hash)), T0.AddSeconds(20));
        Assert.Equal(TradeState.Included, mined.Trade.State);

        var failed = Step(tooLow.Trade, new Tick(), T0.AddSeconds(13) + Timings.MineTimeout);
        Assert.Equal((TradeState.Failed, "nonce 7 was used by another transaction; none of ours mined"), (failed.Trade.State, failed.Trade.Outcome));
        Assert.Equal(new ReconcileNonce(7), Single<ReconcileNonce>(failed));
    }

    [Fact]
    public void A_submitted_trade_whose_nonce_stays_unusable_fails_a_mine_timeout_after_it_was_seen_with_the_reason()
    {
        const string gap = "nonce 7 waits behind nonce 6, which belonged to sign:gone:0 of a trade that is gone and was filled with the self-transfer 0xf1: Rejected (insufficient funds); the node's pending count is 6";
        var submitted = Submitted();
        var blocked = Step(submitted, new NonceChecked(gap), T0.AddSeconds(20));
        Assert.Equal(new NonceBlock(T0.AddSeconds(20), gap), blocked.Trade.NonceBlocked);
        Assert.Contains("no usable nonce", blocked.Entry!.Note);
        // The same fact again changes nothing and is not recorded; a changed holder keeps the first sighting's clock.
        Assert.Null(Step(blocked.Trade, new NonceChecked(gap), T0.AddSeconds(25)).Entry);
        var moved = Step(blocked.Trade, new NonceChecked(gap.Replace("0xf1", "0xf2")), T0.AddSeconds(30));
        Assert.Equal(T0.AddSeconds(20), moved.Trade.NonceBlocked!.Since);

        Assert.Equal(TradeState.Submitted, Step(moved.Trade, new Tick(), T0.AddSeconds(20) + Timings.MineTimeout - TimeSpan.FromSeconds(1)).Trade.State);
        var failed = Step(moved.Trade, new Tick(), T0.AddSeconds(20) + Timings.MineTimeout);
        Assert.Equal(TradeState.Failed, failed.Trade.State);
        Assert.Equal($"no usable nonce for 90 s: {gap.Replace("0xf1", "0xf2")}", failed.Trade.Outcome);
        Assert.Equal(new ReconcileNonce(7), Single<ReconcileNonce>(failed));
        Assert.Equal(TradeNotificationKind.Failed, Single<Notify>(failed).Kind);
        Assert.NotNull(failed.Trade.NonceBlocked); // the alert names trades that failed of it

        // Healed in time: the block clears and the trade waits for its receipt as before (the swap deadline still bounds it).
        var cleared = Step(blocked.Trade, new NonceChecked(null), T0.AddSeconds(40));
        Assert.Null(cleared.Trade.NonceBlocked);
        Assert.Equal(TradeState.Submitted, Step(cleared.Trade, new Tick(), T0.AddSeconds(20) + Timings.MineTimeout).Trade.State);
    }

    [Fact]
    public void Only_a_submitted_live_trade_takes_a_nonce_fact()
    {
        // A confirmed trade signs its approval and swap together (issue 14): it waits on no nonce, so its confirm timeout
        // says what it always said.
        const string gap = "nonce 8 waits behind nonce 7, which is reserved by approve:t9 of trade t9 (Confirmed) and not signed yet; the node's pending count is 7";
        var priced = Priced();
        Assert.False(Machine.Apply(priced, new NonceChecked(gap), T0.AddSeconds(40)).Applied);
        var failed = Step(priced, new Tick(), priced.StateSince + Timings.ConfirmTimeout);
        Assert.Equal((TradeState.Failed, "not executed within 120 s of confirmation"), (failed.Trade.State, failed.Trade.Outcome));
        Assert.Single(failed.Effects.OfType<AbandonSigning>());
        Assert.False(Machine.Apply(Priced(ExecutionMode.DryRun), new NonceChecked(gap), T0.AddSeconds(40)).Applied);
        Assert.False(Machine.Apply(Awaiting(), new NonceChecked(gap), T0.AddSeconds(5)).Applied);
        Assert.True(Machine.Apply(Submitted(), new NonceChecked(gap), T0.AddSeconds(20)).Applied);
    }

    [Fact]
    public void A_refused_first_broadcast_fails_but_a_refused_replacement_keeps_watching()
    {
        var signed = SignedLive();
        var refused = Step(signed, new BroadcastResult(signed.Transactions[0].Hash, BroadcastOutcome.Rejected, "insufficient funds for gas * price + value"), T0.AddSeconds(13));
        Assert.Equal((TradeState.Failed, "broadcast refused: insufficient funds for gas * price + value"), (refused.Trade.State, refused.Trade.Outcome));
        Assert.Single(refused.Effects.OfType<ReconcileNonce>());

        var (trade, _, _) = Replaced();
        var due = Step(trade, new Tick(), trade.CurrentTransaction!.AcceptedAt!.Value + Timings.MineTimeout);
        var third = Signed(7, Single<SignTransaction>(due).MinFees, 2);
        var signedThird = Step(due.Trade, new TransactionSigned(third), T0.AddMinutes(4));
        var underpriced = Step(signedThird.Trade, new BroadcastResult(third.Hash, BroadcastOutcome.Rejected, "replacement transaction underpriced"), T0.AddMinutes(4));
        Assert.Equal(TradeState.Submitted, underpriced.Trade.State);
        Assert.Equal(3, Single<PollReceipts>(underpriced).Hashes.Count);
    }

    [Fact]
    public void Unacknowledged_broadcasts_are_resent_with_the_same_bytes()
    {
        var signed = SignedLive();
        var tick = Step(signed, new Tick(), T0.AddSeconds(20));
        Assert.Equal(new BroadcastTransaction(signed.Transactions[0].Hash, signed.Transactions[0].RawTransaction), Single<BroadcastTransaction>(tick));
        Assert.Null(tick.Entry);
        Assert.Equal(T0.AddSeconds(20) + Timings.PollInterval, tick.DueAt);
    }

    [Fact]
    public void Malformed_signed_transactions_are_refused_with_the_reason()
    {
        var priced = Priced();
        var tx = Signed(7);
        Assert.Contains("is not keccak256 of its bytes", Assert.Throws<ArgumentException>(() => Machine.Apply(priced, new TransactionSigned(tx with { Hash = Signed(8).Hash }), T0)).Message);
        Assert.Contains("fees are inconsistent", Assert.Throws<ArgumentException>(() => Machine.Apply(priced, new TransactionSigned(tx with { Fees = new TxFees(1, 2) }), T0)).Message);
        Assert.Contains("non-hex", Assert.Throws<FormatException>(() => Machine.Apply(priced, new TransactionSigned(tx with { RawTransaction = "0xzz" }), T0)).Message);
        var recorded = Step(priced, new TransactionSigned(tx), T0);
        Assert.Equal($"transaction {tx.Hash} is already recorded", Machine.Apply(recorded.Trade, new TransactionSigned(tx), T0).Rejection);
    }

    [Fact]
    public void Fee_bumps_round_up_and_timings_are_validated()
    {
        Assert.Equal(new TxFees(2, 2), new TxFees(1, 1).BumpedBy(10));
        Assert.Equal(new TxFees(110, 11), new TxFees(100, 10).BumpedBy(10));
        var bad = new TradeTimings { FeeBumpPercent = 5, QuoteTtl = TimeSpan.Zero, RepriceBoundBps = 0 };
        Assert.Equal(3, bad.Problems().Count);
        Assert.Contains("FeeBumpPercent must be at least 10", Assert.Throws<ArgumentException>(() => new TradeStateMachine(bad)).Message);
        Assert.Throws<ArgumentException>(() => Machine.Open("t", Intent, 0, T0));
        Assert.Throws<ArgumentException>(() => Machine.Open(" ", Intent, 3, T0));
    }

    [Fact]
    public void A_trades_notification_keys_never_equal_the_wallet_watchers_for_its_transaction()
    {
        var signed = SignedLive();
        var tx = signed.Transactions[0].Hash;
        var submitted = Step(signed, new BroadcastResult(tx, BroadcastOutcome.Accepted), T0.AddSeconds(13));
        var included = Step(submitted.Trade, new ReceiptSeen(Receipt(tx)), T0.AddSeconds(30));
        var final = Step(included.Trade, new HeadAdvanced(100 + Depth - 1, BlockHash(100)), T0.AddSeconds(90));
        var keys = new[] { submitted, included, final }.SelectMany(s => s.Effects.OfType<Notify>()).Select(n => n.DedupeKey).Append(QuoteMessageKey).ToList();

        // Whatever the watcher tells the same trader about the same transaction has a key of its own.
        var watcher = new[] { WatchNoticeKind.Seen, WatchNoticeKind.Final, WatchNoticeKind.Removed, WatchNoticeKind.Back }
            .Select(k => new WatchNotice(k, 1).DedupeKey(tx, User));
        Assert.Empty(keys.Intersect(watcher, StringComparer.OrdinalIgnoreCase));
        Assert.Contains($"trade:{TradeId}:{tx}:final", keys);
    }

    [Fact]
    public void A_sell_all_sized_from_one_book_is_cancelled_when_confirmed_in_a_mode_that_trades_another()
    {
        var sellAll = Intent with { Side = TradeSide.Sell, AmountIn = 0.000000001m, PositionBook = ExecutionMode.Paper }; // the fixture quote's 1e9 raw units of WETH
        var opened = Machine.Open(TradeId, sellAll, Depth, T0).Trade;
        var awaiting = Step(Step(opened, new RiskEvaluated(Approved, Quote()), T0.AddSeconds(1)).Trade, new QuoteShown(QuoteMessageKey), T0.AddSeconds(2)).Trade;

        var live = Step(awaiting, new ConfirmPressed(User, QuoteMessageKey, Live), T0.AddSeconds(10));
        Assert.Equal(TradeState.Cancelled, live.Trade.State);
        Assert.Equal("the execution mode changed to LIVE: this sale is the PAPER book's position, which never moves to another book; " +
                     "send /sell all again to sell the LIVE book's", live.Trade.Outcome);
        Assert.DoesNotContain(live.Effects, e => e is RequestReprice or SignTransaction or Settle);

        Assert.Equal(TradeState.Confirmed, Step(awaiting, new ConfirmPressed(User, QuoteMessageKey, Live with { Mode = ExecutionMode.Paper }), T0.AddSeconds(10)).Trade.State);
        // A DRY_RUN rehearses the LIVE book: a sale sized from it may be rehearsed.
        var fromLive = awaiting with { Intent = sellAll with { PositionBook = ExecutionMode.Live } };
        Assert.Equal(TradeState.Confirmed, Step(fromLive, new ConfirmPressed(User, QuoteMessageKey, Live with { Mode = ExecutionMode.DryRun }), T0.AddSeconds(10)).Trade.State);
    }

    [Fact]
    public void A_quote_risk_checked_in_one_mode_is_cancelled_when_confirmed_in_another()
    {
        var checkedInPaper = Step(Requested(), new RiskEvaluated(Approved, Quote(), ExecutionMode.Paper), T0.AddSeconds(1)).Trade;
        Assert.Equal(ExecutionMode.Paper, checkedInPaper.RiskMode);
        var awaiting = Step(checkedInPaper, new QuoteShown(QuoteMessageKey), T0.AddSeconds(2)).Trade;

        // PAPER skips the wallet's balance and counts the PAPER book's limits: a LIVE confirmation must not ride on that.
        var live = Step(awaiting, new ConfirmPressed(User, QuoteMessageKey, Live), T0.AddSeconds(10));
        Assert.Equal(TradeState.Cancelled, live.Trade.State);
        Assert.Equal("the execution mode changed from PAPER to LIVE after this quote's risk check; send the order again for a quote checked in LIVE",
            live.Trade.Outcome);
        Assert.DoesNotContain(live.Effects, e => e is RequestReprice or SignTransaction or Settle);

        Assert.Equal(TradeState.Confirmed, Step(awaiting, new ConfirmPressed(User, QuoteMessageKey, Live with { Mode = ExecutionMode.Paper }), T0.AddSeconds(10)).Trade.State);
    }
}
