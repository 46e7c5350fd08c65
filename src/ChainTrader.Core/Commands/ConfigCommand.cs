namespace ChainTrader.Core.Commands;
public sealed record ConfigCommand() : ChatCommand("config");
