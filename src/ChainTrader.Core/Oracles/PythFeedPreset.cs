namespace ChainTrader.Core.Oracles;

/// <summary>A Pyth price feed id (32 bytes, hex without 0x, as Hermes returns it).</summary>
public sealed record PythFeedPreset(string Symbol, string FeedId);
