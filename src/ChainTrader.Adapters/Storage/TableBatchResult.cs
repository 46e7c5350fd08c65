using System.Net;

namespace ChainTrader.Adapters.Storage;

/// <summary>The outcome of one action of a committed batch; <see cref="ETag"/> is null for deletes.</summary>
public sealed record TableBatchResult(int Index, TableBatchAction Action, HttpStatusCode Status, string? ETag);
