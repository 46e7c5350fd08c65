using System.Numerics;

namespace ChainTrader.Core.Oracles;

public enum OracleSourceKind
{
    Chainlink,
    Pyth,
}

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

/// <summary>
/// The <c>latestRoundData()</c> of an L2 sequencer uptime feed: answer 0 means up, 1 means down; StartedAt (Unix
/// seconds) is when the status last changed, 0 for an invalid round.
/// </summary>
public sealed record SequencerObservation(string Chain, BigInteger Answer, BigInteger StartedAt)
{
    public string Source => $"sequencer on {Chain}";
}

/// <summary>One parsed Pyth price as Hermes serves it: price and conf are integers scaled by 10^expo.</summary>
public sealed record PythObservation(string Symbol, string FeedId, BigInteger Price, BigInteger Conf, int Expo, long PublishTime)
{
    public string Source => $"pyth {Symbol}/USD";
}

/// <summary>
/// A DEX quote (<c>getAmountsOut</c>) between the symbol's token and a USD stablecoin, in raw token units.
/// <paramref name="SellsSymbol"/> is true when AmountIn is the symbol's token (price = out / in), false when the
/// stablecoin goes in (price = in / out).
/// </summary>
public sealed record DexQuote(string Symbol, string Venue, BigInteger AmountIn, int DecimalsIn, BigInteger AmountOut, int DecimalsOut, bool SellsSymbol)
{
    public string Source => $"dex {Venue}";
}

/// <summary>A configured source that could not be read at all (RPC error, HTTP failure, garbage answer).</summary>
public sealed record SourceReadFailure(string Source, string Reason);

/// <summary>Everything read for one symbol in one poll.</summary>
public sealed record OracleInputs(string Symbol)
{
    public IReadOnlyList<ChainlinkObservation> Chainlink { get; init; } = [];
    public IReadOnlyList<PythObservation> Pyth { get; init; } = [];
    public IReadOnlyList<SourceReadFailure> ReadFailures { get; init; } = [];

    /// <summary>Optional execution-price quote checked against the oracle price (bad-tick guard).</summary>
    public DexQuote? Dex { get; init; }
}
