namespace ChainTrader.Core.Trades;

public sealed record EmergencyStop : TradeEvent;
