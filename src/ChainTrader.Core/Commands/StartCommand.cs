namespace ChainTrader.Core.Commands;

// Trader commands.
public sealed record StartCommand() : ChatCommand("start");
