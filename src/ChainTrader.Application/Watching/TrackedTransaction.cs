using ChainTrader.Core.Watching;

namespace ChainTrader.Application.Watching;

/// <summary>
/// A transaction one user is being told about, until it is final (then the row is deleted: the outbox's dedupe keys,
/// kept 7 days, stop any repeat). <see cref="Details"/> is the HTML the user's messages show about it.
/// </summary>
public sealed record TrackedTransaction(string Chain, string TxHash, long UserId, long ChatId, WatchedTransactionState State, string Details, string? ETag)
{
    public (string, long) Key => (TxHash, UserId);
}
