namespace ChainTrader.Core.Trades;

public enum TradeNotificationKind { QuotePrompt, Rejected, Expired, Cancelled, Confirmed, Submitted, Replaced, Included, Reorged, Final, Simulated, Failed }
