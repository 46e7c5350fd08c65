using System.Text.Json.Serialization;
using ChainTrader.Core.Risk;

namespace ChainTrader.Core.Trades;

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
    /// <summary>The execution mode the risk check judged the trade in; a confirmation in another mode is refused.</summary>
    public ExecutionMode? RiskMode { get; init; }
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
