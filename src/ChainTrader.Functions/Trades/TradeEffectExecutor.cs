using System.Globalization;
using System.Numerics;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Transactions;
using ChainTrader.Core;
using ChainTrader.Core.Commands;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Risk;
using ChainTrader.Core.Telegram;
using ChainTrader.Core.Chat;
using ChainTrader.Core.Trades;
using ChainTrader.Functions.Gates;
using ChainTrader.Functions.Notifications;
using ChainTrader.Functions.Telemetry;
using Microsoft.Extensions.Options;
using BroadcastOutcome = ChainTrader.Core.Trades.BroadcastOutcome;
using BroadcastResult = ChainTrader.Core.Trades.BroadcastResult;
using SenderOutcome = ChainTrader.Adapters.Transactions.BroadcastVerdict;

namespace ChainTrader.Functions.Trades;

/// <summary>
/// Performs the effects the state machine asks for, after their step is stored, and reports what it observed as
/// events (which the desk applies in turn). Every effect is safe to repeat: notifications carry dedupe keys, signing is
/// keyed (<see cref="SigningStore"/>), broadcasts resend the same bytes, settlements are keyed by trade, and reads only
/// read. An effect that cannot finish now returns no event; the sweeper's next Tick re-issues it.
/// </summary>
public sealed partial class TradeEffectExecutor(
    TradeStore store,
    LedgerStore ledger,
    IRuntimeGates gates,
    TradeQuoter quoter,
    SigningStore signing,
    NonceHealer nonces,
    SwapSimulator simulator,
    TradeChain chain,
    INotifier notifier,
    OutboxTables outbox,
    UserDirectory users,
    IOptions<RiskLimits> limits,
    IOptions<TradeTimings> timings,
    IOptions<TradingOptions> options,
    ITradeFaultInjector faults,
    TimeProvider clock,
    ILogger<TradeEffectExecutor> logger)
{
    private static readonly TimeSpan OutageRecheck = TimeSpan.FromSeconds(1);

    public async Task<IReadOnlyList<TradeEvent>> ExecuteAsync(StoredTrade stored, TradeEffect effect, CancellationToken cancellationToken)
    {
        var trade = stored.Trade;
        switch (effect)
        {
            case RequestRiskCheck:
                return [await CheckRiskAsync(trade, cancellationToken)];
            case Notify notify:
                return await NotifyAsync(stored, notify, cancellationToken);
            case RequestReprice:
                return await UntilChainAnswersAsync(trade, () => RepriceAsync(stored, cancellationToken), cancellationToken);
            case SignTransaction sign:
                return await UntilChainAnswersAsync(trade, () => SignAsync(trade, sign, cancellationToken), cancellationToken);
            case BroadcastTransaction broadcast:
                return await BroadcastAsync(stored, broadcast, cancellationToken);
            case PollReceipts poll:
                return await PollAsync(trade, poll, cancellationToken);
            case CheckInclusion check:
                return await CheckInclusionAsync(trade, check, cancellationToken);
            case Simulate simulate:
                return [await simulator.SimulateAsync(trade, simulate.RawTransaction, cancellationToken)];
            case ExplainRevert explain:
                return await ExplainAsync(explain, cancellationToken);
            case Settle settle:
                faults.Check(TradeFaultPoints.BeforeSettle, trade.Id);
                if (await ledger.SettleAsync(settle.Fill, cancellationToken) && settle.Fill.Kind != FillKind.GasOnly)
                    ChainTraderTelemetry.Fills.Add(1, new KeyValuePair<string, object?>("mode", settle.Fill.Kind.ToString()));
                return [];
            case ReconcileNonce:
                await nonces.HealAsync(cancellationToken);
                return [];
            case AbandonSigning abandon:
                await signing.AbandonAsync(abandon.SigningKey, cancellationToken);
                return [];
            default:
                throw new ArgumentException($"Unknown trade effect {effect.GetType().Name}.", nameof(effect));
        }
    }

    /// <summary>
    /// A confirmed trade's re-price and signing wait out a chain outage in place, trying again every
    /// <see cref="OutageRecheck"/> until the chain answers or the confirmation timeout is near: the trade then goes ahead
    /// within seconds of the node's return instead of at its next due time (RetryAfter later). A process that dies
    /// waiting loses nothing; the sweeper re-drives the trade when it is due.
    /// </summary>
    private async Task<IReadOnlyList<TradeEvent>> UntilChainAnswersAsync(Trade trade, Func<Task<IReadOnlyList<TradeEvent>>> step, CancellationToken cancellationToken)
    {
        var deadline = trade.StateSince + timings.Value.ConfirmTimeout - OutageRecheck;
        while (true)
        {
            try
            {
                var events = await step();
                if (events.Count > 0 || trade.State != TradeState.Confirmed || clock.GetUtcNow() >= deadline) return events;
            }
            catch (RpcPoolUnavailableException ex) when (trade.State == TradeState.Confirmed && clock.GetUtcNow() < deadline)
            {
                LogChainDown(trade.Id, ex.Message);
            }
            await Task.Delay(OutageRecheck, clock, cancellationToken);
            // Cancelled (or moved on elsewhere) meanwhile: nothing left to wait for.
            if ((await store.GetAsync(trade.Id, cancellationToken))?.Trade is not { State: TradeState.Confirmed } current || current.Sequence != trade.Sequence)
                return [];
        }
    }

    // ---- risk ----

    private async Task<TradeEvent> CheckRiskAsync(Trade trade, CancellationToken cancellationToken)
    {
        var intent = trade.Intent;
        var now = clock.GetUtcNow();
        var gate = await gates.CurrentAsync(cancellationToken);
        // A stopped desk refuses at once, before any price or quote is fetched.
        if (gate.EmergencyStop)
        {
            LogRejected(trade.Id, RiskRules.EmergencyStopFailure.Rule);
            return new RiskEvaluated(new RiskDecision([RiskRules.EmergencyStopFailure], 1), null);
        }
        var usd = await quoter.PricesAsync(intent, fresh: false, cancellationToken);
        TradeQuote? quote = null;
        var extra = new List<RuleFailure>();
        if (TokenUnits.TryToRaw(intent.AmountIn, intent.TokenIn.Decimals, out var amountInRaw) && amountInRaw > 0)
        {
            try
            {
                quote = await quoter.QuoteAsync(intent, usd, cancellationToken);
            }
            catch (Exception ex) when (ex is InvalidOperationException or ContractRevertException or ArgumentException)
            {
                extra.Add(new RuleFailure("order.quote", "a DEX quote", "none", $"order.quote: the router cannot quote this trade: {ex.Message}"));
            }
            if (gate.Mode != ExecutionMode.Paper && chain.HasSigner)
            {
                var balance = await new Erc20(chain.Pool, Address.Parse(intent.TokenIn.Address)).BalanceOfAsync(chain.Wallet, cancellationToken: cancellationToken);
                if (balance < amountInRaw)
                {
                    var held = TokenUnits.ToHuman(balance, intent.TokenIn.Decimals);
                    extra.Add(new RuleFailure("wallet.balance", ChatNumbers.Exact(intent.AmountIn), ChatNumbers.Exact(held),
                        $"wallet.balance: the trading wallet holds {ChatNumbers.AtLeast(held)} {intent.TokenIn.Symbol}, less than the {ChatNumbers.Exact(intent.AmountIn)} this trade spends; " +
                        $"spend at most {ChatNumbers.AtLeast(held)} {intent.TokenIn.Symbol} or fund the wallet"));
                }
            }
        }

        var expectedOut = quote is null ? 0m : TokenUnits.ToHuman(quote.ExpectedOutRaw, intent.TokenOut.Decimals);
        var minOut = quote is null ? 0m : TokenUnits.ToHuman(quote.MinOutRaw, intent.TokenOut.Decimals);
        var notional = quote?.NotionalUsd ?? (intent.Side == TradeSide.Buy ? intent.AmountIn * usd.QuoteTokenUsd : intent.AmountIn * usd.BaseUsd);
        var request = new TradeRequest(intent.UserId, users.RoleOf(intent.UserId), intent.Side, intent.Base.Symbol, intent.AmountIn, intent.TokenIn.Decimals,
            expectedOut, minOut, notional, quote?.PriceImpactBps ?? 0, quote?.GasCostUsd ?? 0m, quote?.VenueFeeUsd ?? 0m);

        // Limits, pacing, exposure and breakers are those of the book this mode trades in.
        var desk = await store.DeskTradesAsync(gate.Mode, now - TimeSpan.FromDays(1), cancellationToken);
        var activity = new TradingActivity(
            await store.UserOpensAsync(intent.UserId, now - TimeSpan.FromMinutes(1), trade.Id, cancellationToken),
            desk.Where(d => d.UserId == intent.UserId).Select(d => d.Mark).ToList(),
            desk.Select(d => d.Mark).ToList());
        var (portfolio, valuationProblems) = await PortfolioAsync(gate.Mode, now, cancellationToken);
        // PAPER and LIVE trade on the oracle's word; a DRY_RUN moves nothing, so it may quote on the last good price.
        var priceProblems = usd.Problems.Concat(valuationProblems).ToList();
        var oracle = priceProblems.Count == 0 || gate.Mode == ExecutionMode.DryRun ? OracleVerdict.Ok : new OracleVerdict(false, priceProblems);

        var context = new RiskContext(request, activity, portfolio, gate.ForRisk(), oracle, now);
        var decision = RiskRules.Evaluate(context, limits.Value);
        if (extra.Count > 0) decision = new RiskDecision([.. decision.Failures, .. extra], decision.RulesChecked + 2);
        if (!decision.Approved)
        {
            ChainTraderTelemetry.OrderRejections.Add(1, new KeyValuePair<string, object?>("reason", "risk"));
            LogRejected(trade.Id, string.Join(", ", decision.Failures.Select(f => f.Rule)));
        }
        return new RiskEvaluated(decision, quote);
    }

    /// <summary>
    /// The book <paramref name="mode"/> trades in, marked at current prices (held symbols the oracle cannot price use their
    /// last good price, named as a problem).
    /// </summary>
    public async Task<(PortfolioSnapshot Snapshot, IReadOnlyList<string> Problems)> PortfolioAsync(ExecutionMode mode, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (book, etag) = await ledger.ReadAsync(mode, cancellationToken);
        var (pricesUsd, problems) = await PricesOfAsync(book.Positions.Select(p => p.Symbol), cancellationToken);
        var (marked, snapshot) = Ledger.Snapshot(book, pricesUsd, now);
        if (marked != book) await ledger.TrySaveMarkAsync(mode, marked, etag, cancellationToken);
        return (snapshot, problems);
    }

    public async Task<(IReadOnlyDictionary<string, decimal> Prices, IReadOnlyList<string> Problems)> PricesOfAsync(IEnumerable<string> symbols, CancellationToken cancellationToken)
    {
        var prices = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        foreach (var symbol in symbols.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var assessment = await quoter.AssessmentAsync(symbol, cancellationToken);
            if (!assessment.IsUsable) problems.Add(assessment.Summary);
            prices[symbol] = assessment.Price ?? assessment.StalePrice ?? 0m;
        }
        return (prices, problems);
    }

    // ---- notifications ----

    private async Task<IReadOnlyList<TradeEvent>> NotifyAsync(StoredTrade stored, Notify notify, CancellationToken cancellationToken)
    {
        var trade = stored.Trade;
        var mode = trade.Mode ?? (await gates.CurrentAsync(cancellationToken)).Mode;
        var html = TradeMessages.Render(trade, notify.Kind, notify.Detail, mode, timings.Value.QuoteTtl, chain.Chain.ExplorerTxUrl);
        var keyboard = TradeMessages.CardButtons(trade, notify.Kind, stored.ButtonNonce, chain.Chain.ExplorerTxUrl);
        await notifier.EnqueueAsync(new OutboundMessage(trade.Intent.ChatId, notify.DedupeKey, html, keyboard, notify.EditOf), cancellationToken);
        // The quote's lifetime counts from when it reached the chat, which may be long after it was handed to delivery
        // (Telegram throttling, a crashed instance's chat lease): until the outbox has sent it the trade waits. The outbox
        // reports the delivery at once (QuoteDeliveryObserver); a press or the sweeper's next look are the fallbacks.
        return notify.Kind == NotificationKind.QuotePrompt ? await QuoteDeliveryAsync(trade, cancellationToken) : [];
    }

    /// <summary><see cref="QuoteShown"/> with the time Telegram accepted the trade's quote message, once the outbox has sent it.</summary>
    public async Task<IReadOnlyList<TradeEvent>> QuoteDeliveryAsync(Trade trade, CancellationToken cancellationToken)
    {
        var key = TradeStateMachine.QuotePromptKey(trade);
        await outbox.EnsureCreatedAsync(cancellationToken);
        var row = await outbox.Outbox.GetAsync(OutboxTables.ChatKey(trade.Intent.ChatId), key, ["Status", "SentAt"], cancellationToken);
        return row is not null && row.Contains("SentAt") && row.GetString("Status") == nameof(OutboxStatus.Sent)
            ? [new QuoteShown(key, row.GetDateTimeOffset("SentAt"))]
            : [];
    }

    // ---- confirmation ----

    private async Task<IReadOnlyList<TradeEvent>> RepriceAsync(StoredTrade stored, CancellationToken cancellationToken)
    {
        var trade = stored.Trade;
        if (trade.Mode is ExecutionMode.Paper or ExecutionMode.Live) await store.MarkConfirmedAsync(trade, trade.StateSince, cancellationToken);
        var usd = await quoter.PricesAsync(trade.Intent, fresh: true, cancellationToken);
        if (!usd.Usable && trade.Mode != ExecutionMode.DryRun)
        {
            LogRepriceWaits(trade.Id, string.Join("; ", usd.Problems));
            return [];
        }
        return [new Repriced(await quoter.QuoteAsync(trade.Intent, usd, cancellationToken))];
    }

    // ---- signing ----

    private async Task<IReadOnlyList<TradeEvent>> SignAsync(Trade trade, SignTransaction sign, CancellationToken cancellationToken)
    {
        var existing = await signing.FindAsync(sign.SigningKey, cancellationToken);
        if (existing is not null) return [new TransactionSigned(existing)];
        // A fresh nonce above a gap the network will never fill would never be mined: heal such gaps first.
        if (sign.Nonce is null && !sign.ForSimulation) await nonces.HealAsync(cancellationToken);

        var call = await quoter.SwapCallAsync(trade.Intent, sign.Order, cancellationToken);
        var tokenIn = new Erc20(chain.Pool, Address.Parse(sign.Order.TokenIn.Address));
        var allowance = await tokenIn.AllowanceAsync(chain.Wallet, chain.Router.Address, cancellationToken: cancellationToken);
        var approved = allowance >= sign.Order.AmountInRaw;
        if (!approved && !sign.ForSimulation && sign.Nonce is null)
        {
            approved = await EnsureApprovalAsync(trade, sign.Order, cancellationToken);
            if (!approved) return await ApprovalNonceAsync(trade, cancellationToken);
        }

        ulong gasLimit;
        if (sign.Nonce is not null && trade.CurrentTransaction is { } current)
        {
            gasLimit = (ulong)RawTransaction.Decode(current.RawTransaction).GasLimit; // a replacement keeps its gas limit
        }
        else if (approved)
        {
            try
            {
                gasLimit = (await chain.Gas.EstimateAsync(call, chain.Wallet, cancellationToken)).GasLimit;
            }
            catch (ContractRevertException ex) when (sign.ForSimulation)
            {
                LogEstimateReverted(trade.Id, ex.Reason.Message);
                gasLimit = options.Value.SwapGasFallback; // the simulation will show the revert
            }
        }
        else
        {
            gasLimit = options.Value.SwapGasFallback;
        }
        try
        {
            var signed = await signing.GetOrSignAsync(new SigningRequest(sign.SigningKey, call, gasLimit, sign.Nonce, sign.MinFees, sign.ForSimulation), cancellationToken);
            return [new TransactionSigned(signed)];
        }
        catch (SigningDeferredException ex)
        {
            LogSigningDeferred(trade.Id, ex.Message);
            return [];
        }
    }

    /// <summary>
    /// Approves the router for exactly the swap's input (never more, never unlimited) when its allowance is short: signed
    /// once under <c>approve:{trade}</c>, stored before broadcast, and waited for (mined and succeeded) before the swap is
    /// signed. False when it is not mined yet; the next retry finds the same stored approval.
    /// </summary>
    private async Task<bool> EnsureApprovalAsync(Trade trade, SwapOrder order, CancellationToken cancellationToken)
    {
        var token = Address.Parse(order.TokenIn.Address);
        var approve = Erc20.Approve(token, chain.Router.Address, order.AmountInRaw);
        var key = ApprovalKey(trade);
        var signed = await signing.FindAsync(key, cancellationToken);
        if (signed is null)
        {
            var gas = await chain.Gas.EstimateAsync(approve, chain.Wallet, cancellationToken);
            try
            {
                signed = await signing.GetOrSignAsync(new SigningRequest(key, approve, gas.GasLimit, null, null, false), cancellationToken);
            }
            catch (SigningDeferredException ex)
            {
                LogSigningDeferred(trade.Id, ex.Message);
                return false;
            }
        }
        faults.Check(TradeFaultPoints.ApprovalSigned, trade.Id);
        await signing.MarkSignedAsync(signed.Nonce, signed.Hash, cancellationToken);
        var receipt = await chain.Pool.GetTransactionReceiptAsync(signed.Hash, cancellationToken);
        if (receipt is null)
        {
            // Noted before it can be mined: should the trade end before the receipt is seen, reconciliation records the gas.
            await ledger.ExpectGasAsync(new PendingGas(signed.Hash, signed.Nonce, key, clock.GetUtcNow()), cancellationToken);
            var result = await TransactionSender.BroadcastAsync(Hex.Decode(signed.RawTransaction), chain.Endpoints, cancellationToken);
            faults.Check(TradeFaultPoints.ApprovalBroadcast, trade.Id);
            LogApproval(trade.Id, signed.Hash, order.AmountInRaw.ToString(CultureInfo.InvariantCulture), result.Outcome.ToString());
            var until = clock.GetUtcNow() + TimeSpan.FromSeconds(options.Value.ApprovalWaitSeconds);
            while (receipt is null && clock.GetUtcNow() < until)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250), clock, cancellationToken);
                receipt = await chain.Pool.GetTransactionReceiptAsync(signed.Hash, cancellationToken);
            }
        }
        if (receipt is null) return false;
        // The approval's gas leaves the wallet whether it succeeded or not; reconciliation charges it to the native coin.
        await ledger.RecordGasAsync(receipt, key, cancellationToken);
        if (!receipt.Succeeded)
        {
            LogApprovalReverted(trade.Id, signed.Hash);
            return false;
        }
        var allowance = await new Erc20(chain.Pool, token).AllowanceAsync(chain.Wallet, chain.Router.Address, cancellationToken: cancellationToken);
        return allowance >= order.AmountInRaw;
    }

    private static string ApprovalKey(Trade trade) => $"approve:{trade.Id}";

    /// <summary>The approval is not mined yet: when it cannot be (a gap below it that healing could not fill), the trade learns why.</summary>
    private async Task<IReadOnlyList<TradeEvent>> ApprovalNonceAsync(Trade trade, CancellationToken cancellationToken)
    {
        var approval = await signing.FindAsync(ApprovalKey(trade), cancellationToken);
        return NonceFacts(trade, approval?.Nonce, approval is null ? null : await nonces.HealAsync(cancellationToken));
    }

    /// <summary><see cref="NonceChecked"/> when whether <paramref name="nonce"/> can be mined differs from what the trade knows.</summary>
    private static IReadOnlyList<TradeEvent> NonceFacts(Trade trade, long? nonce, NonceGap? gap)
    {
        var reason = nonce is { } n && gap is not null && gap.Blocks(n) ? gap.Describe(n) : null;
        return reason == trade.NonceBlocked?.Reason ? [] : [new NonceChecked(reason)];
    }

    // ---- broadcast and monitoring ----

    private async Task<IReadOnlyList<TradeEvent>> BroadcastAsync(StoredTrade stored, BroadcastTransaction broadcast, CancellationToken cancellationToken)
    {
        var trade = stored.Trade;
        faults.Check(TradeFaultPoints.AfterSignedRecorded, trade.Id);
        var attempt = trade.Transactions.FirstOrDefault(a => Same(a.Hash, broadcast.Hash));
        if (attempt is not null && trade.Mode == ExecutionMode.Live) await signing.MarkSignedAsync(attempt.Nonce, attempt.Hash, cancellationToken);
        faults.Check(TradeFaultPoints.BeforeBroadcast, trade.Id);
        var result = await TransactionSender.BroadcastAsync(Hex.Decode(broadcast.RawTransaction), chain.Endpoints, cancellationToken);
        faults.Check(TradeFaultPoints.AfterBroadcast, trade.Id);
        var detail = string.Join("; ", result.Endpoints.Where(e => e.Message is not null).Select(e => $"endpoint {e.Endpoint}: {e.Message}"));
        LogBroadcast(trade.Id, broadcast.Hash, result.Outcome.ToString(), detail);
        return result.Outcome switch
        {
            SenderOutcome.Accepted => [new BroadcastResult(broadcast.Hash, BroadcastOutcome.Accepted)],
            SenderOutcome.AlreadyKnown => [new BroadcastResult(broadcast.Hash, BroadcastOutcome.AlreadyKnown)],
            SenderOutcome.NonceConsumed => [new BroadcastResult(broadcast.Hash, BroadcastOutcome.NonceTooLow, detail)],
            SenderOutcome.Rejected => [new BroadcastResult(broadcast.Hash, BroadcastOutcome.Rejected, detail)],
            _ => [], // nobody answered: the attempt stays pending and the next poll sends it again
        };
    }

    private async Task<IReadOnlyList<TradeEvent>> PollAsync(Trade trade, PollReceipts poll, CancellationToken cancellationToken)
    {
        faults.Check(TradeFaultPoints.AfterBroadcastRecorded, trade.Id);
        var batch = chain.Pool.CreateBatch();
        var items = poll.Hashes.Select(h => batch.Add(Eth.GetTransactionReceipt(h))).ToList();
        var pending = batch.Add(Eth.GetTransactionCount(chain.Wallet.ToLowerHex(), BlockTag.Pending));
        await batch.SendAsync(cancellationToken);
        var receipt = items.Select(i => i.Error is null ? i.Result : null).FirstOrDefault(r => r is not null);
        if (receipt is null)
        {
            // Not mined, and the node's pending count is not past our nonce: our transaction, or one below it, is not in its
            // pool (dropped, or never broadcast). Heal the gap now rather than wait out the replacement timer; what healing
            // cannot fix, the trade learns (it fails a mine timeout later instead of at the swap deadline).
            if (pending.Error is not null || trade.Nonce is not { } nonce) return [];
            return NonceFacts(trade, nonce, pending.Result <= (ulong)nonce ? await nonces.HealAsync(cancellationToken) : null);
        }
        var block = await chain.Pool.GetBlockByNumberAsync(receipt.BlockNumber, ct: cancellationToken);
        if (block is null || !Same(block.Hash, receipt.BlockHash)) return []; // a lagging or forked node's answer: look again next time
        faults.Check(TradeFaultPoints.ReceiptFetched, trade.Id);
        return [new ReceiptSeen(Facts(trade, receipt))];
    }

    private async Task<IReadOnlyList<TradeEvent>> CheckInclusionAsync(Trade trade, CheckInclusion check, CancellationToken cancellationToken)
    {
        faults.Check(TradeFaultPoints.ReceiptRecorded, trade.Id);
        var batch = chain.Pool.CreateBatch();
        var receipt = batch.Add(Eth.GetTransactionReceipt(check.Hash));
        var head = batch.Add(Eth.BlockNumber());
        var atHeight = batch.Add(Eth.GetBlockByNumber((ulong)check.BlockNumber));
        await batch.SendAsync(cancellationToken);
        if (receipt.Error is not null || head.Error is not null || atHeight.Error is not null) return [];
        if (receipt.Result is null) return [new ReceiptGone(check.Hash)];
        return [new HeadAdvanced((long)head.Result, atHeight.Result?.Hash)];
    }

    private ReceiptFacts Facts(Trade trade, Receipt receipt)
    {
        var wallet = chain.Wallet;
        var tokenIn = Address.Parse(trade.Intent.TokenIn.Address);
        var tokenOut = Address.Parse(trade.Intent.TokenOut.Address);
        BigInteger Delta(Address token) => Erc20.Transfers(receipt.Logs).Where(t => t.Token == token)
            .Aggregate(BigInteger.Zero, (sum, t) => sum + (t.To == wallet ? t.Value : 0) - (t.From == wallet ? t.Value : 0));
        return new ReceiptFacts(receipt.TransactionHash, (long)receipt.BlockNumber, receipt.BlockHash, receipt.Succeeded,
            receipt.GasUsed, receipt.EffectiveGasPrice, Delta(tokenIn), Delta(tokenOut));
    }

    private async Task<IReadOnlyList<TradeEvent>> ExplainAsync(ExplainRevert explain, CancellationToken cancellationToken)
    {
        var receipt = await chain.Pool.GetTransactionReceiptAsync(explain.Hash, cancellationToken);
        if (receipt is null) return [];
        var reason = await TransactionFailures.ExplainAsync(chain.Pool, receipt, cancellationToken: cancellationToken);
        // The state machine writes "reverted: …"; a require() message is shown as the contract wrote it, not "Reverted: …" again.
        return [new Reverted(explain.Hash, reason?.ErrorMessage ?? reason?.Message ?? "unknown (the replay at the parent block did not revert)")];
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trade {TradeId} rejected by risk: {Rules}")]
    private partial void LogRejected(string tradeId, string rules);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trade {TradeId} waits for the chain: {Error}")]
    private partial void LogChainDown(string tradeId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trade {TradeId} waits to re-price: prices not usable: {Problems}")]
    private partial void LogRepriceWaits(string tradeId, string problems);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trade {TradeId}: gas estimate reverted ({Reason}); signing with the fallback limit for simulation")]
    private partial void LogEstimateReverted(string tradeId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trade {TradeId}: approval {Hash} for exactly {Amount} broadcast: {Outcome}")]
    private partial void LogApproval(string tradeId, string hash, string amount, string outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "Trade {TradeId}: approval {Hash} reverted; the swap is not signed")]
    private partial void LogApprovalReverted(string tradeId, string hash);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trade {TradeId}: signing deferred: {Reason}")]
    private partial void LogSigningDeferred(string tradeId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trade {TradeId}: broadcast {Hash}: {Outcome} {Detail}")]
    private partial void LogBroadcast(string tradeId, string hash, string outcome, string detail);
}
