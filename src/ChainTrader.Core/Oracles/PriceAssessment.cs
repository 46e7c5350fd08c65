namespace ChainTrader.Core.Oracles;

/// <summary>The verdict on one symbol at one instant.</summary>
/// <param name="Price">The aggregated price; set only when <see cref="Verdict"/> is Usable.</param>
/// <param name="Failures">Every failed rule; empty exactly when Usable.</param>
/// <param name="Sources">Provenance: every source read, with value, age and round.</param>
/// <param name="LastGood">After this assessment: this price when Usable, otherwise the one carried in.</param>
public sealed record PriceAssessment(
    string Symbol,
    PriceVerdict Verdict,
    decimal? Price,
    IReadOnlyList<OracleRuleFailure> Failures,
    IReadOnlyList<SourceReading> Sources,
    DexCheck? Dex,
    LastGoodPrice? LastGood,
    DateTimeOffset EvaluatedAt)
{
    public bool IsUsable => Verdict == PriceVerdict.Usable;

    /// <summary>The last good price while not usable (display only, marked stale); null when usable or never good.</summary>
    public decimal? StalePrice => IsUsable ? null : LastGood?.Price;

    public TimeSpan? StaleFor => IsUsable || LastGood is null ? null : EvaluatedAt - LastGood.At;

    /// <summary>One line for logs and alerts.</summary>
    public string Summary
    {
        get
        {
            var pair = $"{Symbol}/USD";
            if (IsUsable)
                return $"{pair} {OracleRules.Format(Price!.Value)} (median of {string.Join(", ", Sources.Select(s => s.Source))})";
            var stale = LastGood is null
                ? "no good price yet"
                : $"last good {OracleRules.Format(LastGood.Price)} is stale ({(long)StaleFor!.Value.TotalSeconds} s old)";
            return $"{pair} not usable: {string.Join("; ", Failures.Select(f => f.Message))}; {stale}";
        }
    }
}
