namespace ChainTrader.Core.Commands;
public sealed record CancelCommand(string TradeId) : ChatCommand("cancel");
