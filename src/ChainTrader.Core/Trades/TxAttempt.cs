namespace ChainTrader.Core.Trades;

/// <summary>One signed transaction of the trade (the original or a fee-bumped replacement) and what nodes said to it.</summary>
public sealed record TxAttempt(
    long Nonce, string Hash, string RawTransaction, TxFees Fees, DateTimeOffset SignedAt,
    BroadcastStatus Status, DateTimeOffset? AcceptedAt, string? Error);
