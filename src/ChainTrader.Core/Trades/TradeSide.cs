namespace ChainTrader.Core.Trades;

/// <summary>Which way a trade moves the desk's exposure to <c>Symbol</c>: Buy acquires it, Sell disposes of it.</summary>
public enum TradeSide { Buy, Sell }
