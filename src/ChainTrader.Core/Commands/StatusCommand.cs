namespace ChainTrader.Core.Commands;
public sealed record StatusCommand(TradeLookup Lookup) : ChatCommand("status");
