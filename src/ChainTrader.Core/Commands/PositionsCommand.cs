namespace ChainTrader.Core.Commands;
public sealed record PositionsCommand() : ChatCommand("positions");
