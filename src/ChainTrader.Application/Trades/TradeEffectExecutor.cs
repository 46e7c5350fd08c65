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
using ChainTrader.Application.Gates;
using ChainTrader.Application.Notifications;
using ChainTrader.Application.Telemetry;
using Microsoft.Extensions.Options;
using BroadcastOutcome = ChainTrader.Core.Trades.BroadcastOutcome;
using BroadcastResult = ChainTrader.Core.Trades.BroadcastResult;
using SenderOutcome = ChainTrader.Adapters.Transactions.BroadcastVerdict;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Application.Trades;

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
                // The swap's nonce is above its approval's: handed back first, so a run at the top is trimmed whole.
                await signing.AbandonAsync(abandon.SigningKey, cancellationToken);
                await signing.AbandonAsync(ApprovalKey(trade.Id, 0), cancellationToken);
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
            return new RiskEvaluated(new RiskDecision([RiskRules.EmergencyStopFailure], 1), null, gate.Mode);
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
        return new RiskEvaluated(decision, quote, gate.Mode);
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
        return notify.Kind == TradeNotificationKind.QuotePrompt ? await QuoteDeliveryAsync(trade, cancellationToken) : [];
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

    /// <summary>
    /// Signs the trade's swap. The router spends the wallet's tokens through one allowance per token, shared by every trade
    /// of the wallet, so a LIVE trade never relies on what the allowance already holds: it signs approve(router, exactly
    /// amountIn) and its swap at two consecutive nonces reserved as one run (n and n+1), stores both, and only then
    /// broadcasts the approval (the state machine broadcasts the swap next).
    /// <para>
    /// Why concurrent trades of one token cannot take each other's allowance: the chain executes one sender's transactions
    /// in nonce order, and no transaction of the wallet has a nonce between a trade's approval and its swap. So the last
    /// write to the allowance before the swap executes is its own approval, and approve sets the allowance rather than
    /// adding to it: the swap finds exactly its amountIn, whatever other trades approved or spent at lower nonces, and
    /// leaves the allowance at zero. A replacement keeps both nonces (the approval is bumped with the swap while it is not
    /// mined). Should the approval's nonce be filled instead, the swap can only spend an allowance whose own swap will never
    /// execute (every live swap is preceded by its own approval), so it still takes nothing another trade counts on.
    /// </para>
    /// </summary>
    private async Task<IReadOnlyList<TradeEvent>> SignAsync(Trade trade, SignTransaction sign, CancellationToken cancellationToken)
    {
        var approvalKey = ApprovalKey(trade, sign);
        var existing = await signing.FindAsync(sign.SigningKey, cancellationToken);
        if (existing is not null)
        {
            // Stored on an earlier attempt, which may have died before its approval went out: send it (again) first.
            if (!sign.ForSimulation && await signing.FindAsync(approvalKey, cancellationToken) is { } stored)
                await BroadcastApprovalAsync(trade, approvalKey, stored, cancellationToken);
            return [new TransactionSigned(existing)];
        }

        var call = await quoter.SwapCallAsync(trade.Intent, sign.Order, cancellationToken);
        try
        {
            if (sign.ForSimulation)
            {
                var simulated = new SigningRequest(sign.SigningKey, call, await SwapGasAsync(trade, call, cancellationToken), null, null, true);
                return [new TransactionSigned(await signing.GetOrSignAsync(simulated, cancellationToken))];
            }
            if (sign.Nonce is null)
            {
                // A fresh run above a gap the network will never fill would never be mined: heal such gaps first.
                await nonces.HealAsync(cancellationToken);
                var approve = ApproveCall(sign.Order);
                var estimate = await chain.Gas.EstimateAsync(approve, chain.Wallet, cancellationToken);
                var approveGas = chain.Gas.Apply(estimate.Estimated + ZeroSlotSurcharge, approve.ToString()).GasLimit;
                var run = await signing.GetOrSignRunAsync(
                [
                    new SigningRequest(approvalKey, approve, approveGas, null, null, false),
                    new SigningRequest(sign.SigningKey, call, await SwapGasAsync(trade, call, cancellationToken), null, null, false),
                ], cancellationToken);
                await BroadcastApprovalAsync(trade, approvalKey, run[0], cancellationToken);
                return [new TransactionSigned(run[1])];
            }

            // A replacement keeps its gas limit and nonce; an approval not mined yet is replaced along with it.
            var approval = await ReplaceApprovalAsync(trade, sign, approvalKey, cancellationToken);
            var gasLimit = trade.CurrentTransaction is { } current ? (ulong)RawTransaction.Decode(current.RawTransaction).GasLimit : options.Value.SwapGasFallback;
            var swap = await signing.GetOrSignAsync(new SigningRequest(sign.SigningKey, call, gasLimit, sign.Nonce, sign.MinFees, false), cancellationToken);
            if (approval is not null) await BroadcastApprovalAsync(trade, approvalKey, approval, cancellationToken);
            return [new TransactionSigned(swap)];
        }
        catch (SigningDeferredException ex)
        {
            LogSigningDeferred(trade.Id, ex.Message);
            return [];
        }
    }

    /// <summary>
    /// The swap's gas limit, estimated where the chain can tell. Until its approval executes, the router's transferFrom
    /// fails for want of allowance; that revert (and any in a simulation, which shows it) means the fallback limit.
    /// </summary>
    private async Task<ulong> SwapGasAsync(Trade trade, ContractCall call, CancellationToken cancellationToken)
    {
        try
        {
            return (await chain.Gas.EstimateAsync(call, chain.Wallet, cancellationToken)).GasLimit;
        }
        catch (ContractRevertException ex) when (trade.Mode == ExecutionMode.DryRun || ex.Reason.Message.Contains(AllowanceShort, StringComparison.Ordinal))
        {
            LogEstimateReverted(trade.Id, ex.Reason.Message);
            return options.Value.SwapGasFallback;
        }
    }

    /// <summary>
    /// Added to an approval's gas estimate. The estimate runs against the allowance as it stands, but a concurrent trade's
    /// swap may spend it to zero before the approval executes, and setting a zero slot costs more than changing a set one
    /// (SSTORE 22,100 against 5,000 gas, EIP-2929): without this such an approval runs out of gas.
    /// </summary>
    private const ulong ZeroSlotSurcharge = 22_100 - 5_000;

    /// <summary>What the Uniswap V2 router's TransferHelper says when it cannot pull the input (allowance or balance short).</summary>
    private const string AllowanceShort = "TRANSFER_FROM_FAILED";

    private ContractCall ApproveCall(SwapOrder order) => Erc20.Approve(Address.Parse(order.TokenIn.Address), chain.Router.Address, order.AmountInRaw);

    /// <summary>
    /// The approval replaced along with a swap replacement while none of the trade's approvals is mined (the swap cannot be
    /// mined before it): the same approval at the same nonce, its fees bumped like the swap's; null when one is mined or
    /// the trade has none.
    /// </summary>
    private async Task<SignedSwapTransaction?> ReplaceApprovalAsync(Trade trade, SignTransaction sign, string key, CancellationToken cancellationToken)
    {
        var earlier = new List<SignedSwapTransaction>();
        for (var attempt = 0; attempt < trade.Transactions.Count; attempt++)
        {
            if (await signing.FindAsync(ApprovalKey(trade.Id, attempt), cancellationToken) is { } approval) earlier.Add(approval);
        }
        if (earlier.Count == 0) return null;
        foreach (var approval in earlier)
        {
            if (await chain.Pool.GetTransactionReceiptAsync(approval.Hash, cancellationToken) is not null) return null;
        }
        var last = earlier[^1];
        var request = new SigningRequest(key, ApproveCall(sign.Order), (ulong)RawTransaction.Decode(last.RawTransaction).GasLimit, last.Nonce,
            last.Fees.BumpedBy(timings.Value.FeeBumpPercent), false);
        return await signing.GetOrSignAsync(request, cancellationToken);
    }

    /// <summary>
    /// Sends a trade's stored approval (again: resending bytes the node has or has mined changes nothing), marked signed
    /// with the nonce manager and its gas noted before it can be mined, so reconciliation charges it to the native coin.
    /// </summary>
    private async Task BroadcastApprovalAsync(Trade trade, string key, SignedSwapTransaction approval, CancellationToken cancellationToken)
    {
        faults.Check(TradeFaultPoints.ApprovalSigned, trade.Id);
        await signing.MarkSignedAsync(approval.Nonce, approval.Hash, cancellationToken);
        await ledger.ExpectGasAsync(new PendingGas(approval.Hash, approval.Nonce, key, clock.GetUtcNow()), cancellationToken);
        var result = await TransactionSender.BroadcastAsync(Hex.Decode(approval.RawTransaction), chain.Endpoints, cancellationToken);
        faults.Check(TradeFaultPoints.ApprovalBroadcast, trade.Id);
        LogApproval(trade.Id, approval.Hash, approval.Nonce, result.Outcome.ToString());
    }

    /// <summary>The approval signed with <paramref name="sign"/>: <c>approve:{trade}</c> with the first swap, <c>approve:{trade}:{k}</c> with replacement k.</summary>
    private static string ApprovalKey(Trade trade, SignTransaction sign) =>
        ApprovalKey(trade.Id, int.Parse(sign.SigningKey[(sign.SigningKey.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture));

    private static string ApprovalKey(string tradeId, int attempt) => attempt == 0 ? $"approve:{tradeId}" : $"approve:{tradeId}:{attempt}";

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
        if (trade.Mode == ExecutionMode.Live) await ResendApprovalAsync(trade, cancellationToken);
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
            // Nobody answered, or a lower nonce of ours is not at the node yet (a concurrent trade's, or this trade's approval):
            // the attempt stays pending, the next poll sends it again and heals the gap below it.
            _ => [],
        };
    }

    /// <summary>
    /// Sends the trade's latest approval again before its swap: the swap cannot execute without it, and the node may not
    /// have it (a reorganisation dropped both, or its first broadcast was refused while a lower nonce was missing). Bytes
    /// the node has or has mined are just refused again.
    /// </summary>
    private async Task ResendApprovalAsync(Trade trade, CancellationToken cancellationToken)
    {
        SignedSwapTransaction? latest = null;
        for (var attempt = trade.Transactions.Count - 1; attempt >= 0 && latest is null; attempt--)
            latest = await signing.FindAsync(ApprovalKey(trade.Id, attempt), cancellationToken);
        if (latest is null) return;
        var result = await TransactionSender.BroadcastAsync(Hex.Decode(latest.RawTransaction), chain.Endpoints, cancellationToken);
        LogApprovalResent(trade.Id, latest.Hash, result.Outcome.ToString());
    }

    private async Task<IReadOnlyList<TradeEvent>> PollAsync(Trade trade, PollReceipts poll, CancellationToken cancellationToken)
    {
        faults.Check(TradeFaultPoints.AfterBroadcastRecorded, trade.Id);
        var batch = chain.Pool.CreateBatch();
        var items = poll.Hashes.Select(h => batch.Add(Eth.GetTransactionReceipt(h))).ToList();
        var pending = batch.Add(Eth.GetTransactionCount(chain.Wallet.ToLowerHex(), BlockParameter.CreatePending()));
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
        var block = await chain.Pool.GetBlockByNumberAsync(new BlockParameter(receipt.Height()), ct: cancellationToken);
        if (block is null || !Same(block.BlockHash, receipt.BlockHash)) return []; // a lagging or forked node's answer: look again next time
        faults.Check(TradeFaultPoints.ReceiptFetched, trade.Id);
        return [new ReceiptSeen(Facts(trade, receipt))];
    }

    private async Task<IReadOnlyList<TradeEvent>> CheckInclusionAsync(Trade trade, CheckInclusion check, CancellationToken cancellationToken)
    {
        faults.Check(TradeFaultPoints.ReceiptRecorded, trade.Id);
        var batch = chain.Pool.CreateBatch();
        var receipt = batch.Add(Eth.GetTransactionReceipt(check.Hash));
        var head = batch.Add(Eth.BlockNumber());
        var atHeight = batch.Add(Eth.GetBlockByNumber(new BlockParameter((ulong)check.BlockNumber)));
        await batch.SendAsync(cancellationToken);
        if (receipt.Error is not null || head.Error is not null || atHeight.Error is not null) return [];
        if (receipt.Result is null) return [new ReceiptGone(check.Hash, (long)head.Result, atHeight.Result?.BlockHash)];
        return [new HeadAdvanced((long)head.Result, atHeight.Result?.BlockHash)];
    }

    private ReceiptFacts Facts(Trade trade, TransactionReceipt receipt)
    {
        var wallet = chain.Wallet;
        var tokenIn = Address.Parse(trade.Intent.TokenIn.Address);
        var tokenOut = Address.Parse(trade.Intent.TokenOut.Address);
        BigInteger Delta(Address token) => Erc20.Transfers(receipt.Logs).Where(t => t.Token == token)
            .Aggregate(BigInteger.Zero, (sum, t) => sum + (t.To == wallet ? t.Value : 0) - (t.From == wallet ? t.Value : 0));
        return new ReceiptFacts(receipt.TransactionHash, (long)receipt.Height(), receipt.BlockHash, receipt.Succeeded(),
            receipt.GasUsed.Value, receipt.EffectiveGasPrice.Value, Delta(tokenIn), Delta(tokenOut));
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Trade {TradeId}: swap gas estimate reverted ({Reason}); signing with the fallback limit")]
    private partial void LogEstimateReverted(string tradeId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trade {TradeId}: approval {Hash} (nonce {Nonce}, just below its swap's) broadcast: {Outcome}")]
    private partial void LogApproval(string tradeId, string hash, long nonce, string outcome);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Trade {TradeId}: approval {Hash} sent again before its swap: {Outcome}")]
    private partial void LogApprovalResent(string tradeId, string hash, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trade {TradeId}: signing deferred: {Reason}")]
    private partial void LogSigningDeferred(string tradeId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trade {TradeId}: broadcast {Hash}: {Outcome} {Detail}")]
    private partial void LogBroadcast(string tradeId, string hash, string outcome, string detail);
}
