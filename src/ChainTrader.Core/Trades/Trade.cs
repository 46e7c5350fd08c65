using System.Numerics;
using System.Text.Json.Serialization;
using ChainTrader.Core.Risk;

namespace ChainTrader.Core.Trades;

/// <summary>
/// Where a trade is. Side exits: Rejected (risk or re-price), Expired (no confirmation in time), Cancelled (by the
/// trader or an emergency stop), Failed (reverted, not mined, broadcast refused). Final is SPEC's "Confirmed-final";
/// Simulated is the end of a DRY_RUN trade (signed and simulated with eth_call, never broadcast).
/// "Replaced" (fee bump) and "Reorged" are not states: they happen to the transaction while the trade stays in
/// Submitted, and appear in the history.
/// </summary>
public enum TradeState
{
    Requested, RiskChecked, AwaitingConfirmation, Confirmed, Submitted, Included,
    Final, Simulated, Rejected, Expired, Cancelled, Failed,
}

public enum NotificationKind { QuotePrompt, Rejected, Expired, Cancelled, Confirmed, Submitted, Replaced, Included, Reorged, Final, Simulated, Failed }

public enum BroadcastStatus { Pending, Accepted, NonceTooLow, Rejected }

/// <summary>What a node said to eth_sendRawTransaction. "already known" is <see cref="AlreadyKnown"/>.</summary>
public enum BroadcastOutcome { Accepted, AlreadyKnown, NonceTooLow, Rejected }

public enum FillKind { Chain, Paper, GasOnly }

/// <summary>An ERC-20 (or wrapped native) token on the trade's chain.</summary>
public sealed record TokenLeg(string Symbol, string Address, int Decimals);

/// <summary>
/// What the trader asked for: <see cref="Side"/> Buy spends <see cref="AmountIn"/> of <see cref="Quote"/> for
/// <see cref="Base"/>; Sell spends <see cref="AmountIn"/> of <see cref="Base"/> for <see cref="Quote"/>.
/// <see cref="PositionBook"/> is set for <c>/sell all</c>: the book (<see cref="Ledger.BookOf(ExecutionMode)"/>) whose whole
/// position the amount is, so the sale is never confirmed in a mode that trades another book.
/// </summary>
public sealed record TradeIntent(long UserId, long ChatId, TradeSide Side, TokenLeg Base, TokenLeg Quote, decimal AmountIn, ExecutionMode? PositionBook = null)
{
    [JsonIgnore] public TokenLeg TokenIn => Side == TradeSide.Buy ? Quote : Base;
    [JsonIgnore] public TokenLeg TokenOut => Side == TradeSide.Buy ? Base : Quote;

    /// <summary>What the trader asked for, in plain text: "Buy ETH with 200 USDC" or "Sell 0.5 ETH for USDC".</summary>
    [JsonIgnore]
    public string Summary => Side == TradeSide.Buy
        ? $"Buy {Base.Symbol} with {AmountIn.ToString(System.Globalization.CultureInfo.InvariantCulture)} {Quote.Symbol}"
        : $"Sell {AmountIn.ToString(System.Globalization.CultureInfo.InvariantCulture)} {Base.Symbol} for {Quote.Symbol}";
}

/// <summary>
/// A DEX quote for the trade's exact input, in on-chain units, plus the USD facts the risk engine and the ledger
/// need (prices at quote time: the oracle's for the base, the quote token's and the native coin's).
/// </summary>
public sealed record TradeQuote(
    BigInteger AmountInRaw,
    BigInteger ExpectedOutRaw,
    BigInteger MinOutRaw,
    int PriceImpactBps,
    decimal NotionalUsd,
    decimal GasCostUsd,
    decimal VenueFeeUsd,
    decimal OraclePriceUsd,
    decimal QuoteTokenUsd,
    decimal NativeUsd,
    DateTimeOffset ChainTime)
{
    public void Validate()
    {
        if (AmountInRaw <= 0) throw new ArgumentException($"Quote amount in {AmountInRaw} must be positive.", nameof(AmountInRaw));
        if (ExpectedOutRaw < 0) throw new ArgumentException($"Quote expected out {ExpectedOutRaw} is negative.", nameof(ExpectedOutRaw));
        if (MinOutRaw < 0 || MinOutRaw > ExpectedOutRaw)
            throw new ArgumentException($"Quote min out {MinOutRaw} must be between 0 and expected out {ExpectedOutRaw}.", nameof(MinOutRaw));
        if (NotionalUsd < 0 || GasCostUsd < 0 || VenueFeeUsd < 0 || OraclePriceUsd < 0 || QuoteTokenUsd < 0 || NativeUsd < 0)
            throw new ArgumentException("Quote USD amounts and prices must not be negative.");
    }
}

/// <summary>
/// The swap to sign: exact input, min output and deadline. Router, path and recipient come from configuration.
/// <paramref name="Deadline"/> is in chain time (the router compares it with block.timestamp);
/// <paramref name="ChainClockOffset"/> is how far the chain's clock was ahead of the desk's when it was set.
/// </summary>
public sealed record SwapOrder(TokenLeg TokenIn, TokenLeg TokenOut, BigInteger AmountInRaw, BigInteger AmountOutMinRaw, DateTimeOffset Deadline,
    TimeSpan ChainClockOffset)
{
    /// <summary>The deadline on the desk's clock.</summary>
    public DateTimeOffset DeskDeadline => Deadline - ChainClockOffset;
}

/// <summary>EIP-1559 fees in wei; a legacy transaction carries its gas price in both.</summary>
public sealed record TxFees(BigInteger MaxFeePerGas, BigInteger MaxPriorityFeePerGas)
{
    /// <summary>Both fees raised by at least <paramref name="percent"/> % (rounded up), as nodes require of a replacement.</summary>
    public TxFees BumpedBy(int percent) => new(BumpUp(MaxFeePerGas, percent), BumpUp(MaxPriorityFeePerGas, percent));

    public bool Covers(TxFees minimum) => MaxFeePerGas >= minimum.MaxFeePerGas && MaxPriorityFeePerGas >= minimum.MaxPriorityFeePerGas;

    private static BigInteger BumpUp(BigInteger value, int percent)
    {
        var scaled = value * (100 + percent);
        return BigInteger.DivRem(scaled, 100, out var remainder) + (remainder.IsZero ? 0 : 1);
    }
}

/// <summary>A signed transaction as reported by the signer: hash = keccak256(raw).</summary>
public sealed record SignedSwapTransaction(long Nonce, string Hash, string RawTransaction, TxFees Fees);

/// <summary>One signed transaction of the trade (the original or a fee-bumped replacement) and what nodes said to it.</summary>
public sealed record TxAttempt(
    long Nonce, string Hash, string RawTransaction, TxFees Fees, DateTimeOffset SignedAt,
    BroadcastStatus Status, DateTimeOffset? AcceptedAt, string? Error);

/// <summary>
/// A receipt, reduced to what the lifecycle needs: where it was mined, whether it succeeded, gas, and the wallet's
/// balance changes of the two tokens decoded from its Transfer/Swap logs (negative = spent).
/// </summary>
public sealed record ReceiptFacts(
    string TxHash, long BlockNumber, string BlockHash, bool Succeeded,
    BigInteger GasUsed, BigInteger EffectiveGasPrice, BigInteger TokenInDelta, BigInteger TokenOutDelta);

/// <summary>
/// A settled fill in human units: <see cref="BaseQuantity"/> of the symbol bought or sold for
/// <see cref="QuoteAmount"/> of the quote token (worth <see cref="QuoteUsd"/>), plus gas. A GasOnly fill records a
/// reverted transaction's gas and moves no tokens. <see cref="OnChain"/> is what a mined transaction did to the
/// trading wallet in on-chain units (null for a PAPER fill, which never touches the chain).
/// </summary>
public sealed record Fill(
    string TradeId, string Symbol, TradeSide Side, decimal BaseQuantity, decimal QuoteAmount, decimal QuoteUsd,
    decimal GasNative, decimal GasUsd, FillKind Kind, string? TxHash, DateTimeOffset At, WalletEffect? OnChain = null)
{
    [JsonIgnore] public decimal PriceUsd => BaseQuantity == 0 ? 0m : QuoteUsd / BaseQuantity;
}

/// <summary>
/// A trade: the persisted state machine. The shell stores it with an ETag and appends each recorded event to its
/// history. <see cref="DueAt"/> is when the sweeper must next send <see cref="Tick"/>; null only when terminal.
/// </summary>
public sealed record Trade
{
    public required string Id { get; init; }
    public required TradeIntent Intent { get; init; }
    public required int ConfirmationsRequired { get; init; }
    public required DateTimeOffset OpenedAt { get; init; }
    public TradeState State { get; init; }
    public DateTimeOffset StateSince { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
    public DateTimeOffset? DueAt { get; init; }
    /// <summary>Count of recorded history entries; the next entry gets this number plus one.</summary>
    public int Sequence { get; init; }

    public RiskDecision? Risk { get; init; }
    /// <summary>The quote the trader was shown.</summary>
    public TradeQuote? Quote { get; init; }
    public string? QuoteMessageKey { get; init; }
    public DateTimeOffset? QuoteExpiresAt { get; init; }

    /// <summary>The execution mode in force when the trader confirmed.</summary>
    public ExecutionMode? Mode { get; init; }
    /// <summary>The quote taken again at confirmation, within the re-price bound of <see cref="Quote"/>.</summary>
    public TradeQuote? ExecutionQuote { get; init; }
    public SwapOrder? Order { get; init; }

    public IReadOnlyList<TxAttempt> Transactions { get; init; } = [];
    public bool ReplacementRequested { get; init; }
    public DateTimeOffset? NonceTooLowAt { get; init; }
    /// <summary>Set while the nonce the trade waits on cannot be mined (a gap healing could not fill); kept when the trade fails of it.</summary>
    public NonceBlock? NonceBlocked { get; init; }
    public ReceiptFacts? Receipt { get; init; }
    public int Confirmations { get; init; }
    public int Reorgs { get; init; }

    public Fill? Settlement { get; init; }
    /// <summary>Why the trade left the happy path (rejection, expiry, cancellation or failure reason).</summary>
    public string? Outcome { get; init; }

    [JsonIgnore] public bool IsTerminal => State is TradeState.Final or TradeState.Simulated or TradeState.Rejected
        or TradeState.Expired or TradeState.Cancelled or TradeState.Failed;

    [JsonIgnore] public long? Nonce => Transactions.Count == 0 ? null : Transactions[0].Nonce;

    [JsonIgnore] public TxAttempt? CurrentTransaction => Transactions.Count == 0 ? null : Transactions[^1];
}

// ---- events: facts the shell observed ----

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Opened), "opened")]
[JsonDerivedType(typeof(RiskEvaluated), "risk_evaluated")]
[JsonDerivedType(typeof(QuoteShown), "quote_shown")]
[JsonDerivedType(typeof(ConfirmPressed), "confirm_pressed")]
[JsonDerivedType(typeof(CancelRequested), "cancel_requested")]
[JsonDerivedType(typeof(Repriced), "repriced")]
[JsonDerivedType(typeof(TransactionSigned), "transaction_signed")]
[JsonDerivedType(typeof(BroadcastResult), "broadcast_result")]
[JsonDerivedType(typeof(ReceiptSeen), "receipt_seen")]
[JsonDerivedType(typeof(HeadAdvanced), "head_advanced")]
[JsonDerivedType(typeof(ReceiptGone), "receipt_gone")]
[JsonDerivedType(typeof(Reverted), "reverted")]
[JsonDerivedType(typeof(SimulationCompleted), "simulation_completed")]
[JsonDerivedType(typeof(EmergencyStop), "emergency_stop")]
[JsonDerivedType(typeof(Tick), "tick")]
[JsonDerivedType(typeof(NonceChecked), "nonce_checked")]
public abstract record TradeEvent;

/// <summary>The trade was opened (the first history entry; only <see cref="TradeStateMachine.Open"/> records it).</summary>
public sealed record Opened(TradeIntent Intent) : TradeEvent;

/// <summary>The risk engine's decision on <see cref="Quote"/> (null when the trade was refused before quoting).</summary>
public sealed record RiskEvaluated(RiskDecision Decision, TradeQuote? Quote) : TradeEvent;

/// <summary>
/// The quote message (with Confirm/Cancel buttons) reached the chat at <see cref="ShownAt"/> (when Telegram accepted it;
/// null: now). Its expiry counts from then, so a quote delivered late still has its whole lifetime.
/// </summary>
public sealed record QuoteShown(string MessageKey, DateTimeOffset? ShownAt = null) : TradeEvent;

/// <summary>A Confirm button press on <see cref="MessageKey"/>, with the runtime gates read at that moment.</summary>
public sealed record ConfirmPressed(long ByUserId, string MessageKey, GateState Gates) : TradeEvent;

public sealed record CancelRequested(long ByUserId) : TradeEvent;

public sealed record Repriced(TradeQuote Quote) : TradeEvent;

/// <summary>The signer produced this transaction. Store the trade before broadcasting it.</summary>
public sealed record TransactionSigned(SignedSwapTransaction Transaction) : TradeEvent;

public sealed record BroadcastResult(string Hash, BroadcastOutcome Outcome, string? Error = null) : TradeEvent;

public sealed record ReceiptSeen(ReceiptFacts Receipt) : TradeEvent;

/// <summary>The chain head, and the canonical block hash at the receipt's height (null if the node has no block there yet).</summary>
public sealed record HeadAdvanced(long HeadBlock, string? CanonicalHashAtReceiptHeight) : TradeEvent;

/// <summary>The receipt of a transaction we had seen mined is no longer returned by the node.</summary>
public sealed record ReceiptGone(string Hash) : TradeEvent;

/// <summary>The decoded revert reason of a failed receipt (or "unknown").</summary>
public sealed record Reverted(string Hash, string Reason) : TradeEvent;

/// <summary>The eth_call simulation of a DRY_RUN trade's signed transaction finished.</summary>
public sealed record SimulationCompleted(bool Succeeded, string? RevertReason) : TradeEvent;

public sealed record EmergencyStop : TradeEvent;

/// <summary>Time passed (the sweeper found the trade due): timeouts fire and pending requests are re-issued.</summary>
public sealed record Tick : TradeEvent;

// ---- effects: what the machine asks the shell to do, after it has stored the new trade ----

[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(RequestRiskCheck), "request_risk_check")]
[JsonDerivedType(typeof(Notify), "notify")]
[JsonDerivedType(typeof(RequestReprice), "request_reprice")]
[JsonDerivedType(typeof(SignTransaction), "sign_transaction")]
[JsonDerivedType(typeof(BroadcastTransaction), "broadcast_transaction")]
[JsonDerivedType(typeof(PollReceipts), "poll_receipts")]
[JsonDerivedType(typeof(CheckInclusion), "check_inclusion")]
[JsonDerivedType(typeof(Simulate), "simulate")]
[JsonDerivedType(typeof(ExplainRevert), "explain_revert")]
[JsonDerivedType(typeof(Settle), "settle")]
[JsonDerivedType(typeof(ReconcileNonce), "reconcile_nonce")]
[JsonDerivedType(typeof(AbandonSigning), "abandon_signing")]
public abstract record TradeEffect;

/// <summary>Quote the intent, build a RiskContext, run RiskRules.Evaluate and report <see cref="RiskEvaluated"/>.</summary>
public sealed record RequestRiskCheck : TradeEffect;

/// <summary>
/// Tell the trader. <see cref="DedupeKey"/> follows <c>trade:{trade}[:{tx}]:{type}</c>; <see cref="EditOf"/>
/// is the quote message to edit (null before one exists). <see cref="Detail"/> is the variable part (reason, n/N).
/// </summary>
public sealed record Notify(NotificationKind Kind, string DedupeKey, string? EditOf, string? Detail) : TradeEffect;

/// <summary>Quote the same input again and report <see cref="Repriced"/>.</summary>
public sealed record RequestReprice : TradeEffect;

/// <summary>
/// Sign <see cref="Order"/> (after making sure the router's allowance for the input token is exactly what the swap
/// needs) and report <see cref="TransactionSigned"/>. <see cref="SigningKey"/> identifies this request: the same key
/// must yield the same stored signed transaction and nonce. <see cref="Nonce"/> null means "reserve the next nonce";
/// a replacement names the nonce and the <see cref="MinFees"/> it must meet. <see cref="ForSimulation"/> (DRY_RUN)
/// signs at the pending nonce without reserving it.
/// </summary>
public sealed record SignTransaction(string SigningKey, SwapOrder Order, long? Nonce, TxFees? MinFees, bool ForSimulation) : TradeEffect;

/// <summary>Send these exact bytes (to several endpoints) and report <see cref="BroadcastResult"/>.</summary>
public sealed record BroadcastTransaction(string Hash, string RawTransaction) : TradeEffect;

/// <summary>Look up receipts of every hash; report <see cref="ReceiptSeen"/> for one that is mined.</summary>
public sealed record PollReceipts(IReadOnlyList<string> Hashes) : TradeEffect;

/// <summary>Re-read the receipt, the head and the canonical hash at <see cref="BlockNumber"/>; report HeadAdvanced or ReceiptGone.</summary>
public sealed record CheckInclusion(string Hash, long BlockNumber, string BlockHash) : TradeEffect;

/// <summary>eth_call the signed transaction at the latest block; report <see cref="SimulationCompleted"/>.</summary>
public sealed record Simulate(string Hash, string RawTransaction) : TradeEffect;

/// <summary>Find why the transaction reverted (replay with eth_call at its block); report <see cref="Reverted"/>.</summary>
public sealed record ExplainRevert(string Hash, long BlockNumber) : TradeEffect;

/// <summary>Apply the fill to the ledger once: <see cref="Key"/> is <c>settle:{tradeId}</c>.</summary>
public sealed record Settle(string Key, Fill Fill) : TradeEffect;

/// <summary>The nonce was not consumed by this trade: reconcile the signer's nonce with eth_getTransactionCount(pending).</summary>
public sealed record ReconcileNonce(long Nonce) : TradeEffect;

/// <summary>
/// The trade ended before the transaction requested under <see cref="SigningKey"/> was recorded, so it is never
/// broadcast: discard it and give its nonce back (reconcile with eth_getTransactionCount(pending)).
/// </summary>
public sealed record AbandonSigning(string SigningKey) : TradeEffect;

// ---- what one step returns ----

/// <summary>A recorded event: what happened, when, and the state it moved the trade between.</summary>
public sealed record TradeHistoryEntry(int Sequence, DateTimeOffset At, TradeEvent Event, TradeState From, TradeState To, string Note);

/// <summary>
/// The result of applying one event. When <see cref="Rejection"/> is set the event was not valid now: nothing
/// changed and there are no effects (tell the sender the reason). Otherwise store <see cref="Trade"/> (with the
/// ETag read), append <see cref="Entry"/> when present (re-polls that change no fact are not recorded), then
/// perform <see cref="Effects"/>. <see cref="Message"/> is a short answer for whoever sent the event.
/// </summary>
public sealed record TradeStep(Trade Trade, IReadOnlyList<TradeEffect> Effects, TradeHistoryEntry? Entry, string? Rejection, string? Message)
{
    [JsonIgnore] public bool Applied => Rejection is null;
    [JsonIgnore] public DateTimeOffset? DueAt => Trade.DueAt;
}
