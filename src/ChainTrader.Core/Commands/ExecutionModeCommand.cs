using ChainTrader.Core.Trades;

namespace ChainTrader.Core.Commands;
/// <summary>Chooses the execution mode; null shows the current one.</summary>
public sealed record ExecutionModeCommand(ExecutionMode? Mode) : ChatCommand("execution_mode");
