namespace ChainTrader.Core.Commands;
public sealed record PriceFeedsCommand() : ChatCommand("price_feeds");
