using ChainTrader.Core.Chains;
using ChainTrader.Core.Evm;

namespace ChainTrader.Application.Oracles;

/// <summary>What one chain contributes: its feeds, its sequencer uptime feed and whether prices on it need one.</summary>
public sealed record ChainOracleSources(
    ChainDefinition Chain,
    IReadOnlyList<ChainlinkFeedSource> Feeds,
    Address? SequencerFeed,
    bool RequiresSequencer,
    IReadOnlyDictionary<string, ChainToken> Tokens);
