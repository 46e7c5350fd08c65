using System.Numerics;
using ChainTrader.Core.Oracles;

namespace ChainTrader.TestSupport;

/// <summary>Observations relative to a fixed <see cref="Now"/>, with 8-decimal raw values as real feeds carry.</summary>
internal static class OracleTestData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public static BigInteger Raw(decimal value, int decimals = 8) => new(value * (decimal)BigInteger.Pow(10, decimals));

    public static BigInteger SecondsAgo(int seconds) => Now.ToUnixTimeSeconds() - seconds;

    /// <summary>A real-looking phase-aggregator round id (phase 6 in the top bits).</summary>
    public static readonly BigInteger RoundId = BigInteger.Parse("110680464442257320247");

    public static ChainlinkObservation Chainlink(decimal price = 3000m, int ageSeconds = 5, string symbol = "ETH", string? chain = "ethereum",
        int heartbeatSeconds = 3600, bool requiresSequencer = false, SequencerObservation? sequencer = null)
        => new(symbol, chain, RoundId: RoundId, Answer: Raw(price), Decimals: 8, StartedAt: SecondsAgo(ageSeconds),
            UpdatedAt: SecondsAgo(ageSeconds), AnsweredInRound: RoundId, TimeSpan.FromSeconds(heartbeatSeconds), requiresSequencer, sequencer);

    public static PythObservation Pyth(decimal price = 3000m, decimal conf = 1.5m, int ageSeconds = 2, string symbol = "ETH")
        => new(symbol, "ff61491a931112ddf1bd8147cd1b641375f79f5825126d665480874634fd0ace", Raw(price), Raw(conf), -8, Now.ToUnixTimeSeconds() - ageSeconds);

    public static SequencerObservation SequencerUp(string chain = "base", int upForSeconds = 7200) => new(chain, BigInteger.Zero, SecondsAgo(upForSeconds));

    /// <summary>Sells <paramref name="amountIn"/> ETH (18 decimals) for USDC (6 decimals).</summary>
    public static DexQuote SellQuote(decimal amountIn, decimal amountOut, string symbol = "ETH")
        => new(symbol, "uniswap-v2 on ethereum", Raw(amountIn, 18), 18, Raw(amountOut, 6), 6, SellsSymbol: true);

    public static OracleInputs Inputs(params object[] observations) => new("ETH")
    {
        Chainlink = observations.OfType<ChainlinkObservation>().ToArray(),
        Pyth = observations.OfType<PythObservation>().ToArray(),
        ReadFailures = observations.OfType<SourceReadFailure>().ToArray(),
        Dex = observations.OfType<DexQuote>().SingleOrDefault(),
    };
}
