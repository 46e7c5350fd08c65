using ChainTrader.Core.Evm;
using ChainTrader.Core.Trades;

namespace ChainTrader.Core.Commands;

public enum PnlPeriod { Day, Week, Month, All }
