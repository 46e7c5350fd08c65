namespace ChainTrader.Core.Oracles;

/// <summary>What one source said and whether it passed its own rules.</summary>
/// <param name="Price">The USD price, when it could be represented.</param>
/// <param name="Detail">Round or publish time, e.g. "round 18446744073709562301" or "publish_time 1700000000".</param>
public sealed record SourceReading(string Source, OracleSourceKind Kind, decimal? Price, DateTimeOffset? PublishedAt, TimeSpan? Age, string Detail, bool Passed);
