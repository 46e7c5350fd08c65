namespace ChainTrader.Core.Commands;

public sealed record ParsedCommand(ChatCommand Command) : ParseOutcome;
