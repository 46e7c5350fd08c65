namespace ChainTrader.Core.Trades;

public enum NotificationKind { QuotePrompt, Rejected, Expired, Cancelled, Confirmed, Submitted, Replaced, Included, Reorged, Final, Simulated, Failed }
