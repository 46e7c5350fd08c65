namespace ChainTrader.Core.Watching;

/// <summary>/tx HASH [CHAIN]</summary>
public sealed record TxRequest(string Hash, string Chain);
