namespace ChainTrader.Adapters.Storage;

/// <summary>
/// One page of a query. <see cref="ContinuationToken"/> is the SDK's opaque token for the next page; only null means the
/// end (a page may be short or even empty while a token is still returned).
/// </summary>
public sealed record TablePage(IReadOnlyList<TableRow> Entities, string? ContinuationToken);
