namespace ChainTrader.Core.Commands;
public sealed record HelpCommand() : ChatCommand("help");
