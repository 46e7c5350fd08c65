using System.Numerics;

namespace ChainTrader.Core.Oracles;

/// <summary>
/// The <c>latestRoundData()</c> of an L2 sequencer uptime feed: answer 0 means up, 1 means down; StartedAt (Unix
/// seconds) is when the status last changed, 0 for an invalid round.
/// </summary>
public sealed record SequencerObservation(string Chain, BigInteger Answer, BigInteger StartedAt)
{
    public string Source => $"sequencer on {Chain}";
}
