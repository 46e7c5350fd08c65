namespace ChainTrader.Application.Operations;

/// <summary>The ledger's expected balances, and the chains it cannot state them for right now.</summary>
public sealed record LedgerBalances(IReadOnlyList<ExpectedBalance> Expected, IReadOnlyList<DeferredChain> Deferred)
{
    public static LedgerBalances Of(IReadOnlyList<ExpectedBalance> expected) => new(expected, []);
}
