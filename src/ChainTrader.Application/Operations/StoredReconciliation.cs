namespace ChainTrader.Application.Operations;

/// <summary>A chain's latest reconciliation as stored.</summary>
public sealed record StoredReconciliation(string Chain, DateTimeOffset CheckedAt, ulong Block, int Checked, int MismatchCount, string Mismatches);
