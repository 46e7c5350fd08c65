using System.Numerics;
using ChainTrader.Core.Evm;

namespace ChainTrader.Adapters.Contracts;

/// <summary>
/// One Chainlink AggregatorV3 round as the feed reported it. <see cref="Answer"/> is int256 and may be negative or
/// zero; judging it (age, completeness, sanity range) is the oracle rules' job, not the reader's.
/// </summary>
public sealed record ChainlinkRound(
    Address Feed,
    BigInteger RoundId,
    BigInteger Answer,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    BigInteger AnsweredInRound,
    int Decimals,
    string? Description)
{
    /// <summary>answeredInRound ≥ roundId: the answer was computed in this round, not carried over from an earlier one.</summary>
    public bool IsComplete => AnsweredInRound >= RoundId;

    /// <summary>The answer in human units (answer / 10^decimals); throws <see cref="OverflowException"/> beyond decimal's range.</summary>
    public decimal Price => Units.ToDecimal(Answer, Decimals);
}
