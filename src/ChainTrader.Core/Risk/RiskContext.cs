namespace ChainTrader.Core.Risk;

/// <summary>Who is asking. Strangers are anyone not on the allow-list.</summary>

/// <summary>
/// Everything the risk engine looks at, gathered by the caller (facts only; the engine does no I/O).
/// </summary>
public sealed record RiskContext(
    TradeRequest Trade,
    TradingActivity Activity,
    PortfolioSnapshot Portfolio,
    GateState Gates,
    OracleVerdict Oracle,
    DateTimeOffset Now)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first field that cannot be a real fact.</summary>
    public void Validate()
    {
        Trade.Validate();
        Portfolio.Validate();
        ArgumentNullException.ThrowIfNull(Activity);
        ArgumentNullException.ThrowIfNull(Gates);
        ArgumentNullException.ThrowIfNull(Oracle);
    }
}
