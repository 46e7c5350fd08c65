using System.Numerics;

namespace ChainTrader.Core.Oracles;

/// <summary>
/// One <c>latestRoundData()</c> answer of a Chainlink AggregatorV3 feed, raw as read on chain (timestamps in Unix
/// seconds), with the feed's configured decimals and heartbeat.
/// </summary>
/// <param name="Chain">The chain the feed was read on, e.g. "base"; null for a single unnamed chain (devnet).</param>
/// <param name="RequiresSequencer">True on L2s with a sequencer uptime feed: the price is trusted only with <paramref name="Sequencer"/> up and past its grace period.</param>
public sealed record ChainlinkObservation(
    string Symbol,
    string? Chain,
    BigInteger RoundId,
    BigInteger Answer,
    int Decimals,
    BigInteger StartedAt,
    BigInteger UpdatedAt,
    BigInteger AnsweredInRound,
    TimeSpan Heartbeat,
    bool RequiresSequencer = false,
    SequencerObservation? Sequencer = null)
{
    public string Source => Chain is null ? $"chainlink {Symbol}/USD" : $"chainlink {Symbol}/USD on {Chain}";
}
