namespace ChainTrader.Application.Operations;

/// <summary>What one Housekeeping run did: each job's outcome ("deleted 12", "skipped: not due", an error).</summary>
public sealed record HousekeepingReport(IReadOnlyList<string> Lines);
