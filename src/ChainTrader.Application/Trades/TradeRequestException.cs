namespace ChainTrader.Application.Trades;

/// <summary>A trade request that cannot be carried out as asked; the message is for the trader and changes nothing.</summary>
public sealed class TradeRequestException(string message) : Exception(message);
