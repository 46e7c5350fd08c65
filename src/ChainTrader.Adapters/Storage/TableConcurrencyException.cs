using System.Net;

namespace ChainTrader.Adapters.Storage;

/// <summary>
/// A conditional write lost: the entity's ETag no longer matches (412), or the entity no longer exists (404).
/// Re-read the entity and decide again.
/// </summary>
public sealed class TableConcurrencyException(HttpStatusCode status, string? errorCode, string message, Exception? inner = null)
    : TableStorageException(status, errorCode, message, inner);
