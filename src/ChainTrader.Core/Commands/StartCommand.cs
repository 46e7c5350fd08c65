using ChainTrader.Core.Evm;
using ChainTrader.Core.Trades;

namespace ChainTrader.Core.Commands;

// Trader commands.
public sealed record StartCommand() : ChatCommand("start");
