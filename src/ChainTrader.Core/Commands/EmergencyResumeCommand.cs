namespace ChainTrader.Core.Commands;
public sealed record EmergencyResumeCommand() : ChatCommand("emergency_resume");
