using ChainTrader.Core.Commands;
using ChainTrader.Core.Trades;

namespace ChainTrader.Core.Risk;

public sealed record PositionExposure(string Symbol, decimal NotionalUsd);
