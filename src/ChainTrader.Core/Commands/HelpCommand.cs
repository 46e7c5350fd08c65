using ChainTrader.Core.Evm;
using ChainTrader.Core.Trades;

namespace ChainTrader.Core.Commands;
public sealed record HelpCommand() : ChatCommand("help");
