namespace ChainTrader.Core.Risk;

public sealed record PositionExposure(string Symbol, decimal NotionalUsd);
