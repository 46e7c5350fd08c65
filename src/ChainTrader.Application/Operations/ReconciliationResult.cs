namespace ChainTrader.Application.Operations;

/// <summary>The outcome of reconciling one chain at one block.</summary>
public sealed record ReconciliationResult(string Chain, ulong Block, DateTimeOffset CheckedAt, int Checked, IReadOnlyList<BalanceMismatch> Mismatches)
{
    public bool Matches => Mismatches.Count == 0;
}
