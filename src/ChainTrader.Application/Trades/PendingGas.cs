namespace ChainTrader.Application.Trades;

/// <summary>A transaction outside fills (an approval) broadcast with <see cref="Nonce"/> whose gas is not recorded yet.</summary>
public sealed record PendingGas(string TxHash, long Nonce, string Purpose, DateTimeOffset BroadcastAt);
