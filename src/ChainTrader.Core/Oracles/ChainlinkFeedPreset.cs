namespace ChainTrader.Core.Oracles;

/// <summary>A Chainlink AggregatorV3 proxy on one chain.</summary>
public sealed record ChainlinkFeedPreset(string Chain, string Symbol, string Address, int Decimals, TimeSpan Heartbeat);
