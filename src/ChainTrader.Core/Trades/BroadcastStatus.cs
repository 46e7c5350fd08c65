namespace ChainTrader.Core.Trades;

public enum BroadcastStatus { Pending, Accepted, NonceTooLow, Rejected }
