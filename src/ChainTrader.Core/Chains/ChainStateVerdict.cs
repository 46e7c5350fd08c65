namespace ChainTrader.Core.Chains;

/// <summary>The verdict on one chain, and for a mismatch what is wrong and what the operator can do (plain text).</summary>
public sealed record ChainStateVerdict(string Chain, ChainStateMatch Match, string Summary)
{
    public bool TradingAllowed => Match != ChainStateMatch.Mismatch;
}
