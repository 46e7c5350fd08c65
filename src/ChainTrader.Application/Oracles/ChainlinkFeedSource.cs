using ChainTrader.Core.Evm;
using ChainTrader.Core.Oracles;

namespace ChainTrader.Application.Oracles;

/// <summary>One Chainlink AggregatorV3 feed to read on one chain.</summary>
public sealed record ChainlinkFeedSource(string Chain, string Symbol, Address Feed, TimeSpan Heartbeat)
{
    /// <summary>The source name the oracle rules use for this feed (see <see cref="ChainlinkObservation.Source"/>).</summary>
    public string Source => $"chainlink {Symbol}/USD on {Chain}";
}
