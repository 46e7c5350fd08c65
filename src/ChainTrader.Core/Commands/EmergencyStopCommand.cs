namespace ChainTrader.Core.Commands;

// Admin commands.
public sealed record EmergencyStopCommand(string? Reason) : ChatCommand("emergency_stop");
