namespace ChainTrader.Core.Trades;

public sealed record ReceiptSeen(ReceiptFacts Receipt) : TradeEvent;
