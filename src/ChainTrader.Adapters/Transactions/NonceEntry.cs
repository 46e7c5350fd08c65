namespace ChainTrader.Adapters.Transactions;

/// <summary>One nonce the manager handed out that the chain has not mined yet.</summary>
public sealed record NonceEntry(ulong Nonce, NonceEntryStatus Status, DateTimeOffset ReservedAt, string? TransactionHash);
