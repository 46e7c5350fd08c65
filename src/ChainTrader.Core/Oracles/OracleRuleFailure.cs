namespace ChainTrader.Core.Oracles;

/// <summary>One failed rule, with the numbers that failed it (e.g. "chainlink ETH/USD age 95 s &gt; max 30 s").</summary>
public sealed record OracleRuleFailure(OracleRule Rule, string Source, string Message)
{
    public override string ToString() => Message;
}
