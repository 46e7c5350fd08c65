namespace ChainTrader.Core.Commands;
public sealed record SystemStatusCommand() : ChatCommand("system_status");
