namespace ChainTrader.Core.Oracles;

/// <summary>Everything read for one symbol in one poll.</summary>
public sealed record OracleInputs(string Symbol)
{
    public IReadOnlyList<ChainlinkObservation> Chainlink { get; init; } = [];
    public IReadOnlyList<PythObservation> Pyth { get; init; } = [];
    public IReadOnlyList<SourceReadFailure> ReadFailures { get; init; } = [];

    /// <summary>Optional execution-price quote checked against the oracle price (bad-tick guard).</summary>
    public DexQuote? Dex { get; init; }
}
