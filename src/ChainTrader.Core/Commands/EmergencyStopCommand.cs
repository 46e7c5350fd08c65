using ChainTrader.Core.Evm;
using ChainTrader.Core.Trades;

namespace ChainTrader.Core.Commands;

// Admin commands.
public sealed record EmergencyStopCommand(string? Reason) : ChatCommand("emergency_stop");
