namespace ChainTrader.Core.Commands;
/// <summary>Turns maintenance mode on or off; null shows the current state.</summary>
public sealed record MaintenanceModeCommand(bool? On) : ChatCommand("maintenance_mode");
