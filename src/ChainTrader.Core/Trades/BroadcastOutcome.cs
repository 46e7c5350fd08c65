namespace ChainTrader.Core.Trades;

/// <summary>What a node said to eth_sendRawTransaction. "already known" is <see cref="AlreadyKnown"/>.</summary>
public enum BroadcastOutcome { Accepted, AlreadyKnown, NonceTooLow, Rejected }
