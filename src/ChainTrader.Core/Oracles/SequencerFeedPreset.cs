namespace ChainTrader.Core.Oracles;

/// <summary>A Chainlink L2 sequencer uptime feed proxy.</summary>
public sealed record SequencerFeedPreset(string Chain, string Address);
