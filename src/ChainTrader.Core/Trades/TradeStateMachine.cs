using System.Globalization;
using System.Numerics;
using ChainTrader.Core.Chains;
using ChainTrader.Core.Commands;
using Nethereum.Util;

namespace ChainTrader.Core.Trades;

/// <summary>
/// The trade lifecycle (SPEC §5) as a pure state machine: <see cref="Apply"/> takes a trade, one observed fact and
/// the time, and returns the next trade, the side effects it asks for and its next due time. No I/O, no clock.
/// <code>
/// Requested ─RiskEvaluated→ RiskChecked ─QuoteShown→ AwaitingConfirmation ─ConfirmPressed→ Confirmed ─Repriced→
///   PAPER: Final (paper fill)   DRY_RUN: TransactionSigned → SimulationCompleted → Simulated
///   LIVE:  TransactionSigned → Submitted ─ReceiptSeen→ Included(n/N) ─HeadAdvanced→ Final
/// Submitted: not mined in time → replacement (same nonce, fees +10 %), whichever hash mines wins
/// Included: receipt block no longer canonical / receipt gone → back to Submitted, same bytes rebroadcast
/// side exits: Rejected, Expired, Cancelled, Failed
/// </code>
/// </summary>
public sealed class TradeStateMachine
{
    private readonly TradeTimings _timings;

    public TradeStateMachine(TradeTimings timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        var problems = timings.Problems();
        if (problems.Count > 0) throw new ArgumentException("Trade timings are invalid: " + string.Join(" ", problems), nameof(timings));
        _timings = timings;
    }

    public TradeTimings Timings => _timings;

    /// <summary>A new trade in Requested, asking for a risk check. <paramref name="confirmationsRequired"/> is the chain's depth.</summary>
    public TradeStep Open(string tradeId, TradeIntent intent, int confirmationsRequired, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(tradeId)) throw new ArgumentException("Trade id is empty.", nameof(tradeId));
        ArgumentNullException.ThrowIfNull(intent);
        if (confirmationsRequired < 1) throw new ArgumentException($"Confirmations required must be at least 1 (is {confirmationsRequired}).", nameof(confirmationsRequired));
        foreach (var leg in new[] { intent.Base, intent.Quote })
        {
            ArgumentNullException.ThrowIfNull(leg);
            if (leg.Decimals is < 0 or > TokenUnits.MaxDecimals) throw new ArgumentException($"Token {leg.Symbol} has decimals {leg.Decimals}, outside 0..{TokenUnits.MaxDecimals}.", nameof(intent));
            if (string.IsNullOrWhiteSpace(leg.Symbol) || string.IsNullOrWhiteSpace(leg.Address)) throw new ArgumentException("A token leg has no symbol or address.", nameof(intent));
        }
        var trade = new Trade
        {
            Id = tradeId, Intent = intent, ConfirmationsRequired = confirmationsRequired, OpenedAt = now,
            State = TradeState.Requested, StateSince = now, UpdatedAt = now, Sequence = 1,
        };
        trade = trade with { DueAt = NextDue(trade, now) };
        var entry = new TradeHistoryEntry(1, now, new Opened(intent), TradeState.Requested, TradeState.Requested,
            $"opened by user {intent.UserId}: {char.ToLowerInvariant(intent.Summary[0])}{intent.Summary[1..]}");
        return new TradeStep(trade, [new RequestRiskCheck()], entry, null, null);
    }

    /// <summary>Applies one fact. Throws <see cref="ArgumentException"/> only for malformed facts (a shell bug); facts that do not fit the state are rejected in the step.</summary>
    public TradeStep Apply(Trade trade, TradeEvent evt, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(trade);
        ArgumentNullException.ThrowIfNull(evt);
        return evt switch
        {
            ConfirmPressed e => OnConfirm(trade, e, now),
            CancelRequested e => OnCancel(trade, e, now),
            _ when trade.IsTerminal => Reject(trade, EndedReason(trade)),
            Opened => Reject(trade, $"trade {trade.Id} already exists"),
            RiskEvaluated e => OnRisk(trade, e, now),
            QuoteShown e => OnQuoteShown(trade, e, now),
            Repriced e => OnRepriced(trade, e, now),
            TransactionSigned e => OnSigned(trade, e, now),
            BroadcastResult e => OnBroadcast(trade, e, now),
            ReceiptSeen e => OnReceipt(trade, e, now),
            HeadAdvanced e => OnHead(trade, e, now),
            ReceiptGone e => OnReceiptGone(trade, e, now),
            Reverted e => OnReverted(trade, e, now),
            SimulationCompleted e => OnSimulated(trade, e, now),
            EmergencyStop e => OnEmergencyStop(trade, e, now),
            Tick e => OnTick(trade, e, now),
            NonceChecked e => OnNonceChecked(trade, e, now),
            _ => throw new ArgumentException($"Unknown trade event {evt.GetType().Name}.", nameof(evt)),
        };
    }

    // ---- before submission ----

    private TradeStep OnRisk(Trade t, RiskEvaluated e, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(e.Decision);
        if (t.State != TradeState.Requested) return Reject(t, "risk was already evaluated");
        if (!e.Decision.Approved)
        {
            var rejected = t with { State = TradeState.Rejected, Risk = e.Decision, RiskMode = e.Mode, Quote = e.Quote, Outcome = e.Decision.Describe() };
            return Move(t, rejected, e, now, $"risk rejected: {string.Join(", ", e.Decision.Failures.Select(f => f.Rule))}",
                [Notification(rejected, TradeNotificationKind.Rejected, rejected.Outcome)]);
        }
        var quote = e.Quote ?? throw new ArgumentException("An approved risk decision must carry the quote it approved.", nameof(e));
        quote.Validate();
        var expectedIn = TokenUnits.ToRaw(t.Intent.AmountIn, t.Intent.TokenIn.Decimals);
        if (quote.AmountInRaw != expectedIn)
            throw new ArgumentException($"The approved quote is for {quote.AmountInRaw} raw units in, but the trade is for {expectedIn}.", nameof(e));
        var checkedTrade = t with { State = TradeState.RiskChecked, Risk = e.Decision, RiskMode = e.Mode, Quote = quote };
        return Move(t, checkedTrade, e, now, $"risk approved ({e.Decision.RulesChecked} rules); quote ≈ {OutAmount(t, quote.ExpectedOutRaw)}, min {OutMinimum(t, quote.MinOutRaw)}",
            [Notification(checkedTrade, TradeNotificationKind.QuotePrompt, null)]);
    }

    private TradeStep OnQuoteShown(Trade t, QuoteShown e, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(e.MessageKey)) throw new ArgumentException("Quote message key is empty.", nameof(e));
        if (t.State == TradeState.AwaitingConfirmation) return Reject(t, "quote already shown");
        if (t.State != TradeState.RiskChecked) return Reject(t, "not waiting for a quote message");
        // A delivery time ahead of this clock (another instance's) counts as now: the lifetime never starts in the future.
        var shownAt = e.ShownAt is { } at && at < now ? at : now;
        var expiresAt = shownAt + _timings.QuoteTtl;
        return Move(t, t with { State = TradeState.AwaitingConfirmation, QuoteMessageKey = e.MessageKey, QuoteExpiresAt = expiresAt }, e, now,
            $"quote shown {Time(shownAt)}; expires {Time(expiresAt)}", []);
    }

    private TradeStep OnConfirm(Trade t, ConfirmPressed e, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(e.Gates);
        switch (t.State)
        {
            case TradeState.Requested or TradeState.RiskChecked:
                return Reject(t, "no quote has been shown yet");
            case TradeState.Expired:
                return Reject(t, "quote expired");
            case TradeState.Confirmed or TradeState.Submitted or TradeState.Included or TradeState.Final or TradeState.Simulated:
                return Reject(t, "already confirmed");
            case TradeState.Failed when t.Mode is not null:
                return Reject(t, "already confirmed");
            case not TradeState.AwaitingConfirmation:
                return Reject(t, EndedReason(t));
        }
        if (e.ByUserId != t.Intent.UserId) return Reject(t, "only the trader who opened this trade can confirm it");
        if (e.MessageKey != t.QuoteMessageKey) return Reject(t, "this button is not on this trade's quote message");
        if (AtOrNow(e.PressedAt, now) >= t.QuoteExpiresAt) return Expire(t, e, now, "quote expired before confirmation", "quote expired");
        if (e.Gates.EmergencyStop) return CancelTrade(t, e, now, "emergency stop is active; send the order again after a super-admin sends /emergency_resume");
        if (e.Gates.MaintenanceMode) return CancelTrade(t, e, now, "maintenance mode is on; send the order again after a super-admin sends /maintenance_mode off");
        if (e.Gates.Mode is not { } mode) return Reject(t, "execution mode could not be read; try again");
        if (t.Intent.PositionBook is { } book && Ledger.BookOf(mode) != book)
            return CancelTrade(t, e, now, $"the execution mode changed to {mode.ToSettingValue()}: this sale is the {book.ToSettingValue()} book's position, " +
                                          $"which never moves to another book; send /sell all again to sell the {Ledger.BookOf(mode).ToSettingValue()} book's");
        // The limits, book, balance and price checks the quote passed are those of the mode it was checked in.
        if (t.RiskMode is { } checkedIn && checkedIn != mode)
            return CancelTrade(t, e, now, $"the execution mode changed from {checkedIn.ToSettingValue()} to {mode.ToSettingValue()} after this quote's risk check; " +
                                          $"send the order again for a quote checked in {mode.ToSettingValue()}");
        var confirmed = t with { State = TradeState.Confirmed, Mode = mode };
        return Move(t, confirmed, e, now, $"confirmed by user {e.ByUserId} in {mode.ToSettingValue()}; re-pricing",
            [Notification(confirmed, TradeNotificationKind.Confirmed, mode.ToString()), new RequestReprice()], "confirmed");
    }

    private TradeStep OnCancel(Trade t, CancelRequested e, DateTimeOffset now)
    {
        if (t.IsTerminal) return Reject(t, EndedReason(t));
        if (e.ByUserId != t.Intent.UserId) return Reject(t, "only the trader who opened this trade can cancel it");
        if (t.State is TradeState.Submitted or TradeState.Included) return Reject(t, "already submitted on-chain; it can no longer be cancelled");
        // Within the grace for a late press the quote is over already: both buttons then end it as expired.
        if (t.State == TradeState.AwaitingConfirmation && AtOrNow(e.RequestedAt, now) >= t.QuoteExpiresAt)
            return Expire(t, e, now, "quote expired before confirmation", "quote expired");
        return CancelTrade(t, e, now, "cancelled by the trader");
    }

    private TradeStep OnRepriced(Trade t, Repriced e, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(e.Quote);
        if (t.State != TradeState.Confirmed || t.ExecutionQuote is not null) return Reject(t, "not waiting for a re-price");
        var shown = t.Quote!;
        e.Quote.Validate();
        if (e.Quote.AmountInRaw != shown.AmountInRaw)
            throw new ArgumentException($"Re-price is for {e.Quote.AmountInRaw} raw units in; the trade is for {shown.AmountInRaw}.", nameof(e));

        var moved = BigInteger.Abs(e.Quote.ExpectedOutRaw - shown.ExpectedOutRaw);
        if (shown.ExpectedOutRaw.IsZero || moved * 10_000 > shown.ExpectedOutRaw * _timings.RepriceBoundBps)
        {
            var movedBps = shown.ExpectedOutRaw.IsZero ? "unbounded" : (moved * 10_000 / shown.ExpectedOutRaw).ToString(CultureInfo.InvariantCulture);
            var rejected = t with { State = TradeState.Rejected, ExecutionQuote = e.Quote, Outcome = $"price moved {movedBps} bps since the quote > {_timings.RepriceBoundBps} bps bound" };
            return Move(t, rejected, e, now, rejected.Outcome, [Notification(rejected, TradeNotificationKind.Rejected, rejected.Outcome)], rejected.Outcome);
        }

        // The trader agreed to the shown min-out; never accept less than either quote's. The router checks the deadline
        // against block.timestamp, so it counts from the chain's clock, which may differ from the desk's.
        var order = new SwapOrder(t.Intent.TokenIn, t.Intent.TokenOut, e.Quote.AmountInRaw, BigInteger.Max(shown.MinOutRaw, e.Quote.MinOutRaw),
            e.Quote.ChainTime + _timings.SwapDeadline, e.Quote.ChainTime - now);
        var priced = t with { ExecutionQuote = e.Quote, Order = order };
        if (t.Mode == ExecutionMode.Paper)
        {
            var fill = Ledger.PaperFill(t.Id, t.Intent, e.Quote, now);
            var final = priced with { State = TradeState.Final, Settlement = fill };
            return Move(t, final, e, now, $"paper fill at the quote: {Amount(fill.BaseQuantity)} {fill.Symbol} for {Amount(fill.QuoteAmount)} {t.Intent.Quote.Symbol}",
                [new Settle(SettleKey(t), fill), Notification(final, TradeNotificationKind.Final, "paper fill")]);
        }
        return Move(t, priced, e, now, $"re-priced within {_timings.RepriceBoundBps} bps (≈ {OutAmount(t, e.Quote.ExpectedOutRaw)}); signing",
            [FirstSigning(priced)]);
    }

    // ---- signing and broadcast ----

    private TradeStep OnSigned(Trade t, TransactionSigned e, DateTimeOffset now)
    {
        var tx = e.Transaction ?? throw new ArgumentException("Signed transaction is missing.", nameof(e));
        ValidateSigned(tx);
        if (t.Transactions.Any(a => SameHash(a.Hash, tx.Hash))) return Reject(t, $"transaction {tx.Hash} is already recorded");
        var attempt = new TxAttempt(tx.Nonce, tx.Hash, tx.RawTransaction, tx.Fees, now, BroadcastStatus.Pending, null, null);

        if (t.State == TradeState.Confirmed && t.Order is not null && t.Transactions.Count == 0)
        {
            if (t.Mode == ExecutionMode.DryRun)
            {
                return Move(t, t with { Transactions = [attempt] }, e, now, $"signed {tx.Hash} (dry run, nonce {tx.Nonce}); simulating",
                    [new Simulate(tx.Hash, tx.RawTransaction)]);
            }
            return Move(t, t with { State = TradeState.Submitted, Transactions = [attempt] }, e, now, $"signed {tx.Hash} with nonce {tx.Nonce}; broadcasting",
                [new BroadcastTransaction(tx.Hash, tx.RawTransaction)]);
        }

        if (t.State == TradeState.Submitted && t.ReplacementRequested)
        {
            var current = t.CurrentTransaction!;
            if (tx.Nonce != current.Nonce) return Reject(t, $"a replacement must reuse nonce {current.Nonce}, not {tx.Nonce}");
            var minimum = current.Fees.BumpedBy(_timings.FeeBumpPercent);
            if (!tx.Fees.Covers(minimum))
            {
                return Reject(t, $"replacement fees must be at least +{_timings.FeeBumpPercent} % on both: maxFee {tx.Fees.MaxFeePerGas} (min {minimum.MaxFeePerGas}), " +
                    $"priority {tx.Fees.MaxPriorityFeePerGas} (min {minimum.MaxPriorityFeePerGas})");
            }
            var replaced = t with { Transactions = [.. t.Transactions, attempt], ReplacementRequested = false };
            return Move(t, replaced, e, now, $"replaced {current.Hash} with {tx.Hash} (same nonce {tx.Nonce}, maxFee {current.Fees.MaxFeePerGas} → {tx.Fees.MaxFeePerGas}); both watched",
                [new BroadcastTransaction(tx.Hash, tx.RawTransaction), Notification(replaced, TradeNotificationKind.Replaced, $"{current.Hash} → {tx.Hash}")]);
        }
        return Reject(t, "not waiting for a signed transaction");
    }

    private TradeStep OnBroadcast(Trade t, BroadcastResult e, DateTimeOffset now)
    {
        var attempt = t.Transactions.FirstOrDefault(a => SameHash(a.Hash, e.Hash));
        if (attempt is null) return Reject(t, $"{e.Hash} is not a transaction of this trade");
        if (t.State != TradeState.Submitted) return Reject(t, "not waiting for a broadcast result");
        if (attempt.Status != BroadcastStatus.Pending) return Reject(t, $"broadcast result for {e.Hash} already recorded ({attempt.Status})");

        switch (e.Outcome)
        {
            case BroadcastOutcome.Accepted or BroadcastOutcome.AlreadyKnown:
            {
                var firstAcceptance = t.Transactions.All(a => a.AcceptedAt is null);
                var accepted = WithAttempt(t, attempt with { Status = BroadcastStatus.Accepted, AcceptedAt = now });
                List<TradeEffect> effects = [Poll(accepted)];
                if (firstAcceptance) effects.Add(Notification(accepted, TradeNotificationKind.Submitted, e.Hash));
                return Move(t, accepted, e, now, $"{e.Hash} {(e.Outcome == BroadcastOutcome.Accepted ? "accepted" : "already known")} by the network", effects);
            }
            case BroadcastOutcome.NonceTooLow:
            {
                var tooLow = WithAttempt(t, attempt with { Status = BroadcastStatus.NonceTooLow, Error = e.Error }) with { NonceTooLowAt = t.NonceTooLowAt ?? now };
                return Move(t, tooLow, e, now, $"nonce too low for {e.Hash}: checking whether one of our transactions was mined", [Poll(tooLow)]);
            }
            default:
            {
                var refused = WithAttempt(t, attempt with { Status = BroadcastStatus.Rejected, Error = e.Error });
                if (refused.Transactions.Any(a => a.Status != BroadcastStatus.Rejected))
                    return Move(t, refused, e, now, $"{e.Hash} refused ({e.Error}); earlier transactions are still watched", [Poll(refused)]);
                return Fail(t, refused, e, now, $"broadcast refused: {e.Error ?? "no reason given"}", [new ReconcileNonce(attempt.Nonce)]);
            }
        }
    }

    // ---- monitoring ----

    private TradeStep OnReceipt(Trade t, ReceiptSeen e, DateTimeOffset now)
    {
        var r = e.Receipt ?? throw new ArgumentException("Receipt is missing.", nameof(e));
        if (r.BlockNumber < 0 || string.IsNullOrWhiteSpace(r.BlockHash)) throw new ArgumentException($"Receipt {r.TxHash} has no valid block (number {r.BlockNumber}, hash '{r.BlockHash}').", nameof(e));
        if (!t.Transactions.Any(a => SameHash(a.Hash, r.TxHash))) return Reject(t, $"{r.TxHash} is not a transaction of this trade");
        if (t.State == TradeState.Included) return Reject(t, $"already included in block {t.Receipt!.BlockNumber}");
        if (t.State != TradeState.Submitted) return Reject(t, "not waiting for a receipt");
        if (t.Receipt is not null) return Reject(t, $"reverted receipt of {t.Receipt.TxHash} already recorded");

        if (!r.Succeeded)
        {
            return Move(t, t with { Receipt = r }, e, now, $"{r.TxHash} reverted in block {r.BlockNumber}; finding the reason",
                [new ExplainRevert(r.TxHash, r.BlockNumber)]);
        }
        var included = t with { Receipt = r, Confirmations = 1, ReplacementRequested = false };
        var note = $"{r.TxHash} mined in block {r.BlockNumber}" + (t.Transactions.Count > 1 ? $" (of {t.Transactions.Count} candidates with nonce {t.Nonce})" : "");
        if (t.ConfirmationsRequired <= 1) return Finalise(t, included, e, now, note);
        included = included with { State = TradeState.Included };
        return Move(t, included, e, now, $"{note}: 1/{t.ConfirmationsRequired}",
            [IncludedNotification(included), Inclusion(included)]);
    }

    private TradeStep OnHead(Trade t, HeadAdvanced e, DateTimeOffset now)
    {
        if (t.State != TradeState.Included) return Reject(t, "no receipt to confirm");
        var r = t.Receipt!;
        // A head below the receipt's block, or no block at its height, is a lagging node's view: it proves nothing either way.
        if (e.HeadBlock < r.BlockNumber || e.CanonicalHashAtReceiptHeight is null)
            return Move(t, t, e, now, "", [Inclusion(t)], record: false);
        var inclusion = new ConfirmationTracker(t.ConfirmationsRequired)
            .Check(new BlockRef((ulong)r.BlockNumber, r.BlockHash), (ulong)e.HeadBlock, e.CanonicalHashAtReceiptHeight);
        if (inclusion.Status == InclusionStatus.Reorged)
            return Reorg(t, e, now, $"block {r.BlockNumber} is no longer canonical ({e.CanonicalHashAtReceiptHeight} replaced {r.BlockHash})");
        var confirmations = (int)Math.Min(inclusion.Confirmations, int.MaxValue);
        if (inclusion.Status == InclusionStatus.Final)
            return Finalise(t, t with { Confirmations = confirmations }, e, now, $"{Math.Min(confirmations, t.ConfirmationsRequired)}/{t.ConfirmationsRequired} confirmations");
        if (confirmations <= t.Confirmations) return Move(t, t, e, now, "", [Inclusion(t)], record: false);
        var deeper = t with { Confirmations = confirmations };
        return Move(t, deeper, e, now, $"{confirmations}/{t.ConfirmationsRequired} confirmations", [IncludedNotification(deeper), Inclusion(deeper)]);
    }

    private TradeStep OnReceiptGone(Trade t, ReceiptGone e, DateTimeOffset now)
    {
        if (t.Receipt is null || !SameHash(t.Receipt.TxHash, e.Hash)) return Reject(t, $"no receipt for {e.Hash} is recorded");
        if (t.State == TradeState.Included)
        {
            // A node that is behind the receipt's block, or still has that very block at its height, has not seen the
            // receipt go: it is lagging or inconsistent, not reorganised. Only another block at the height proves a reorg.
            var r = t.Receipt;
            if (e.HeadBlock is { } head && (head < r.BlockNumber || e.CanonicalHashAtReceiptHeight is null || SameHash(e.CanonicalHashAtReceiptHeight, r.BlockHash)))
                return Move(t, t, e, now, "", [Inclusion(t)], record: false);
            return Reorg(t, e, now, $"the receipt of {e.Hash} vanished");
        }
        return Move(t, t with { Receipt = null }, e, now, $"the reverted receipt of {e.Hash} vanished (reorg); watching again", [Poll(t)]);
    }

    private TradeStep OnReverted(Trade t, Reverted e, DateTimeOffset now)
    {
        if (t.State != TradeState.Submitted || t.Receipt is not { Succeeded: false } r || !SameHash(r.TxHash, e.Hash))
            return Reject(t, $"no reverted receipt for {e.Hash}");
        var fill = Ledger.FillFromReceipt(t.Id, t.Intent, r, t.ExecutionQuote!.QuoteTokenUsd, t.ExecutionQuote.NativeUsd, now);
        return Fail(t, t with { Settlement = fill }, e, now, $"reverted: {e.Reason}", [new Settle(SettleKey(t), fill)]);
    }

    private TradeStep OnSimulated(Trade t, SimulationCompleted e, DateTimeOffset now)
    {
        if (t.State != TradeState.Confirmed || t.Mode != ExecutionMode.DryRun || t.Transactions.Count == 0)
            return Reject(t, "not waiting for a simulation");
        if (!e.Succeeded) return Fail(t, t, e, now, $"simulation reverted: {e.RevertReason ?? "unknown"}", []);
        var simulated = t with { State = TradeState.Simulated, Outcome = "dry run: signed and simulated, not broadcast" };
        return Move(t, simulated, e, now, "simulation succeeded; not broadcast (dry run)",
            [Notification(simulated, TradeNotificationKind.Simulated, simulated.Outcome)]);
    }

    private TradeStep OnEmergencyStop(Trade t, EmergencyStop e, DateTimeOffset now)
        => t.State is TradeState.Submitted or TradeState.Included
            ? Reject(t, "already submitted on-chain; monitoring continues")
            : CancelTrade(t, e, now, "emergency stop");

    private TradeStep OnTick(Trade t, Tick e, DateTimeOffset now)
    {
        switch (t.State)
        {
            case TradeState.Requested or TradeState.RiskChecked:
                if (now >= t.OpenedAt + _timings.OpenTimeout)
                    return Expire(t, e, now, $"not shown to the trader within {Seconds(_timings.OpenTimeout)}", null);
                return Move(t, t, e, now, "", [t.State == TradeState.Requested ? new RequestRiskCheck() : Notification(t, TradeNotificationKind.QuotePrompt, null)], record: false);

            case TradeState.AwaitingConfirmation:
                return now >= ExpiresUnpressedAt(t)
                    ? Expire(t, e, now, "quote expired before confirmation", null)
                    : Reject(t, $"nothing due before {Time(ExpiresUnpressedAt(t))}");

            case TradeState.Confirmed:
                if (now >= t.StateSince + _timings.ConfirmTimeout)
                    return Fail(t, t, e, now, $"not executed within {Seconds(_timings.ConfirmTimeout)} of confirmation", [.. Abandoned(t)]);
                TradeEffect retry = t.ExecutionQuote is null ? new RequestReprice()
                    : t.Transactions.Count == 0 ? FirstSigning(t)
                    : new Simulate(t.Transactions[0].Hash, t.Transactions[0].RawTransaction);
                return Move(t, t, e, now, "", [retry], record: false);

            case TradeState.Submitted:
                return TickSubmitted(t, e, now);

            default: // Included
                return Move(t, t, e, now, "", [Inclusion(t)], record: false);
        }
    }

    private TradeStep OnNonceChecked(Trade t, NonceChecked e, DateTimeOffset now)
    {
        // Only a submitted swap waits on a nonce: a confirmed trade signs its approval and swap together, waiting on nothing mined.
        if (t.State != TradeState.Submitted || t.Mode != ExecutionMode.Live) return Reject(t, "not waiting on a nonce");
        if (e.BlockedReason is null)
        {
            return t.NonceBlocked is null
                ? Move(t, t, e, now, "", [], record: false)
                : Move(t, t with { NonceBlocked = null }, e, now, "nonce usable again", []);
        }
        if (t.NonceBlocked?.Reason == e.BlockedReason) return Move(t, t, e, now, "", [], record: false);
        // The first sighting starts the clock; a changed reason (the gap's holder moved on) keeps it.
        var block = new NonceBlock(t.NonceBlocked?.Since ?? now, e.BlockedReason);
        return Move(t, t with { NonceBlocked = block }, e, now, $"no usable nonce: {e.BlockedReason}; fails {Time(block.Since + _timings.MineTimeout)} unless it clears", []);
    }

    private TradeStep TickSubmitted(Trade t, Tick e, DateTimeOffset now)
    {
        var nonce = t.Nonce!.Value;
        if (t.Receipt is { } reverted) return Move(t, t, e, now, "", [new ExplainRevert(reverted.TxHash, reverted.BlockNumber)], record: false);
        if (now >= t.Order!.DeskDeadline + _timings.MineTimeout)
            return Fail(t, t, e, now, $"not mined before the swap deadline {Time(t.Order.DeskDeadline)}", [new ReconcileNonce(nonce)]);
        if (t.NonceTooLowAt is { } tooLowAt && now >= tooLowAt + _timings.MineTimeout)
            return Fail(t, t, e, now, $"nonce {nonce} was used by another transaction; none of ours mined", [new ReconcileNonce(nonce)]);
        // Healing could not make our nonce executable for a whole mine timeout: fail now rather than at the swap deadline.
        // The reconcile then fills the ended trade's nonce over its queued bytes, so the swap can never execute later.
        if (t.NonceBlocked is { } blocked && now >= blocked.Since + _timings.MineTimeout)
            return Fail(t, t, e, now, $"no usable nonce for {Seconds(_timings.MineTimeout)}: {blocked.Reason}", [new ReconcileNonce(nonce)]);

        var current = t.CurrentTransaction!;
        var replacementDue = !t.ReplacementRequested && t.Transactions.Count - 1 < _timings.MaxReplacements
            && current is { Status: BroadcastStatus.Accepted, AcceptedAt: { } acceptedAt } && now >= acceptedAt + _timings.MineTimeout;
        if (replacementDue)
        {
            var replacing = t with { ReplacementRequested = true };
            return Move(t, replacing, e, now, $"{current.Hash} not mined within {Seconds(_timings.MineTimeout)}; replacing with fees +{_timings.FeeBumpPercent} %",
                [Replacement(replacing), Poll(replacing)]);
        }

        List<TradeEffect> effects = [Poll(t)];
        effects.AddRange(t.Transactions.Where(a => a.Status == BroadcastStatus.Pending).Select(a => new BroadcastTransaction(a.Hash, a.RawTransaction)));
        if (t.ReplacementRequested) effects.Add(Replacement(t));
        return Move(t, t, e, now, "", effects, record: false);
    }

    // ---- shared transitions ----

    private TradeStep Finalise(Trade before, Trade included, TradeEvent e, DateTimeOffset now, string note)
    {
        var q = included.ExecutionQuote!;
        var fill = Ledger.FillFromReceipt(included.Id, included.Intent, included.Receipt!, q.QuoteTokenUsd, q.NativeUsd, now);
        var final = included with { State = TradeState.Final, Settlement = fill, Outcome = null };
        return Move(before, final, e, now, $"{note}: final; filled {Amount(fill.BaseQuantity)} {fill.Symbol} for {Amount(fill.QuoteAmount)} {included.Intent.Quote.Symbol}",
            [new Settle(SettleKey(included), fill), Notification(final, TradeNotificationKind.Final, $"{Amount(fill.BaseQuantity)} {fill.Symbol}")]);
    }

    private TradeStep Reorg(Trade t, TradeEvent e, DateTimeOffset now, string reason)
    {
        var mined = t.Transactions.First(a => SameHash(a.Hash, t.Receipt!.TxHash));
        var back = WithAttempt(t, mined with { Status = BroadcastStatus.Pending }) with
        {
            State = TradeState.Submitted, Receipt = null, Confirmations = 0, Reorgs = t.Reorgs + 1, NonceTooLowAt = null,
        };
        return Move(t, back, e, now, $"reorg: {reason} after {t.Confirmations}/{t.ConfirmationsRequired}; rebroadcasting the same signed bytes of {mined.Hash}",
            [new BroadcastTransaction(mined.Hash, mined.RawTransaction), Poll(back), Notification(back, TradeNotificationKind.Reorged, reason, $"-{back.Reorgs}")]);
    }

    private TradeStep Expire(Trade t, TradeEvent e, DateTimeOffset now, string reason, string? message)
    {
        var expired = t with { State = TradeState.Expired, Outcome = reason };
        return Move(t, expired, e, now, reason, [Notification(expired, TradeNotificationKind.Expired, reason)], message);
    }

    private TradeStep CancelTrade(Trade t, TradeEvent e, DateTimeOffset now, string reason)
    {
        var cancelled = t with { State = TradeState.Cancelled, Outcome = reason };
        return Move(t, cancelled, e, now, reason, [.. Abandoned(t), Notification(cancelled, TradeNotificationKind.Cancelled, reason)], $"cancelled: {reason}");
    }

    /// <summary>A LIVE signing was requested but its transaction never reached the trade: the shell must free its nonce.</summary>
    private static IEnumerable<TradeEffect> Abandoned(Trade t)
    {
        if (t.State == TradeState.Confirmed && t.Mode == ExecutionMode.Live && t.Order is not null && t.Transactions.Count == 0)
            yield return new AbandonSigning(FirstSigning(t).SigningKey);
    }

    private TradeStep Fail(Trade before, Trade after, TradeEvent e, DateTimeOffset now, string reason, IReadOnlyList<TradeEffect> extra)
    {
        var failed = after with { State = TradeState.Failed, Outcome = reason };
        return Move(before, failed, e, now, reason, [.. extra, Notification(failed, TradeNotificationKind.Failed, reason)], $"failed: {reason}");
    }

    private TradeStep Move(Trade before, Trade after, TradeEvent e, DateTimeOffset now, string note, IReadOnlyList<TradeEffect> effects, string? message = null, bool record = true)
    {
        var next = after with { StateSince = after.State == before.State ? before.StateSince : now, UpdatedAt = now };
        next = next with { DueAt = NextDue(next, now), Sequence = record ? before.Sequence + 1 : before.Sequence };
        var entry = record ? new TradeHistoryEntry(next.Sequence, now, e, before.State, next.State, note) : null;
        return new TradeStep(next, effects, entry, null, message);
    }

    private static TradeStep Reject(Trade t, string reason) => new(t, [], null, reason, reason);

    /// <summary>When the sweeper must next look at the trade: the earliest retry, poll or timeout; null when terminal.</summary>
    private DateTimeOffset? NextDue(Trade t, DateTimeOffset now) => t.State switch
    {
        TradeState.Requested or TradeState.RiskChecked => Min(now + _timings.RetryAfter, t.OpenedAt + _timings.OpenTimeout),
        TradeState.AwaitingConfirmation => ExpiresUnpressedAt(t),
        TradeState.Confirmed => Min(now + _timings.RetryAfter, t.StateSince + _timings.ConfirmTimeout),
        TradeState.Submitted or TradeState.Included => now + _timings.PollInterval,
        _ => null,
    };

    /// <summary>When a person's event happened: its own time, or now when it has none or one ahead of this clock (another instance's).</summary>
    private static DateTimeOffset AtOrNow(DateTimeOffset? at, DateTimeOffset now) => at is { } time && time < now ? time : now;

    /// <summary>When a quote nobody confirmed in time expires on its own: its expiry plus the grace for a press still on its way.</summary>
    public DateTimeOffset ExpiresUnpressedAt(Trade trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        return (trade.QuoteExpiresAt ?? throw new ArgumentException($"Trade {trade.Id} has no quote expiry.", nameof(trade))) + _timings.PressArrivalGrace;
    }

    // ---- effect builders ----

    private static SignTransaction FirstSigning(Trade t)
        => new($"sign:{t.Id}:0", t.Order!, null, null, t.Mode == ExecutionMode.DryRun);

    private SignTransaction Replacement(Trade t)
        => new($"sign:{t.Id}:{t.Transactions.Count}", t.Order!, t.Nonce, t.CurrentTransaction!.Fees.BumpedBy(_timings.FeeBumpPercent), false);

    private static PollReceipts Poll(Trade t) => new(t.Transactions.Select(a => a.Hash).ToList());

    private static CheckInclusion Inclusion(Trade t) => new(t.Receipt!.TxHash, t.Receipt.BlockNumber, t.Receipt.BlockHash);

    private static Notify IncludedNotification(Trade t)
        => Notification(t, TradeNotificationKind.Included, $"{t.Confirmations}/{t.ConfirmationsRequired}", $"-{t.Confirmations}");

    /// <summary>The dedupe key of the trade's quote message (the outbox row whose delivery is <see cref="QuoteShown"/>).</summary>
    public static string QuotePromptKey(Trade t) => Notification(t, TradeNotificationKind.QuotePrompt, null).DedupeKey;

    /// <summary>The trade whose quote message <paramref name="dedupeKey"/> is, or null for any other message.</summary>
    public static string? TradeOfQuotePromptKey(string dedupeKey)
    {
        var parts = dedupeKey.Split(':');
        return parts is ["trade", { Length: > 0 } tradeId, var type] && type == QuotePromptType ? tradeId : null;
    }

    private static readonly string QuotePromptType = TradeNotificationKind.QuotePrompt.ToString().ToLowerInvariant();

    /// <summary>
    /// Dedupe key <c>trade:{trade}:{type}</c>, or <c>trade:{trade}:{tx}:{type}</c> with the mined or latest transaction once
    /// there is one. Namespaced by the trade so it can never equal the wallet watcher's <c>notified:{tx}:{user}:{type}</c>
    /// for the same transaction: a trader who watches the desk wallet gets both the trade's edits and the watcher's messages.
    /// </summary>
    private static Notify Notification(Trade t, TradeNotificationKind kind, string? detail, string typeSuffix = "")
    {
        var tx = t.Receipt?.TxHash ?? t.CurrentTransaction?.Hash;
        var type = kind.ToString().ToLowerInvariant() + typeSuffix;
        var key = tx is null ? $"trade:{t.Id}:{type}" : $"trade:{t.Id}:{tx}:{type}";
        return new Notify(kind, key, kind == TradeNotificationKind.QuotePrompt ? null : t.QuoteMessageKey, detail);
    }

    private static string SettleKey(Trade t) => $"settle:{t.Id}";

    // ---- helpers ----

    private static void ValidateSigned(SignedSwapTransaction tx)
    {
        ArgumentNullException.ThrowIfNull(tx.Fees);
        if (tx.Nonce < 0) throw new ArgumentException($"Signed transaction nonce {tx.Nonce} is negative.", nameof(tx));
        if (tx.Fees.MaxFeePerGas <= 0 || tx.Fees.MaxPriorityFeePerGas < 0 || tx.Fees.MaxPriorityFeePerGas > tx.Fees.MaxFeePerGas)
            throw new ArgumentException($"Signed transaction fees are inconsistent: maxFee {tx.Fees.MaxFeePerGas}, priority {tx.Fees.MaxPriorityFeePerGas}.", nameof(tx));
        var raw = Hex.Decode(tx.RawTransaction);
        if (raw.Length == 0) throw new ArgumentException("Signed transaction has no bytes.", nameof(tx));
        var hash = Hex.Encode(Sha3Keccack.Current.CalculateHash(raw));
        if (!SameHash(hash, tx.Hash)) throw new ArgumentException($"Signed transaction hash {tx.Hash} is not keccak256 of its bytes ({hash}).", nameof(tx));
    }

    private static Trade WithAttempt(Trade t, TxAttempt updated)
        => t with { Transactions = t.Transactions.Select(a => SameHash(a.Hash, updated.Hash) ? updated : a).ToList() };

    private static string EndedReason(Trade t) => t.State switch
    {
        TradeState.Expired => "quote expired",
        TradeState.Cancelled => $"trade was cancelled ({t.Outcome})",
        TradeState.Rejected => $"trade was rejected: {t.Outcome}",
        TradeState.Failed => $"trade failed: {t.Outcome}",
        TradeState.Simulated => "dry run already complete",
        _ => "trade is already final",
    };

    private static bool SameHash(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a <= b ? a : b;

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan span) => (span.Ticks / TimeSpan.TicksPerSecond).ToString(CultureInfo.InvariantCulture) + " s";

    // Notes read like the chat (issue 16): token units to 6 significant digits, never raw base units.
    private static string Amount(decimal value) => Chat.ChatNumbers.Amount(value);

    private static string OutAmount(Trade t, System.Numerics.BigInteger raw) =>
        $"{Chat.ChatNumbers.Amount(raw, t.Intent.TokenOut.Decimals)} {t.Intent.TokenOut.Symbol}";

    private static string OutMinimum(Trade t, System.Numerics.BigInteger raw) =>
        $"{Chat.ChatNumbers.AtLeast(TokenUnits.ToHuman(raw, t.Intent.TokenOut.Decimals))} {t.Intent.TokenOut.Symbol}";
}
