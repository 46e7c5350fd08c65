namespace ChainTrader.Application.Trades;

/// <summary>Another worker advanced the trade between our read and our write (412): re-read and decide again.</summary>
public sealed class TradeConflictException(string tradeId) : Exception($"Trade {tradeId} was changed by another worker.");
