namespace ChainTrader.Core.Trades;

/// <summary>The eth_call simulation of a DRY_RUN trade's signed transaction finished.</summary>
public sealed record SimulationCompleted(bool Succeeded, string? RevertReason) : TradeEvent;
