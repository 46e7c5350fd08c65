namespace ChainTrader.Core.Trades;

/// <summary>eth_call the signed transaction at the latest block; report <see cref="SimulationCompleted"/>.</summary>
public sealed record Simulate(string Hash, string RawTransaction) : TradeEffect;
