using System.Net;

namespace ChainTrader.Adapters.Storage;

/// <summary>The Table service refused or failed a request.</summary>
public class TableStorageException : Exception
{
    public TableStorageException(HttpStatusCode status, string? errorCode, string message, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    /// <summary>HTTP status of the failed request (or of the failed action inside a transaction).</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The service's error code from the odata.error body, e.g. "EntityAlreadyExists", "TableNotFound".</summary>
    public string? ErrorCode { get; }
}

/// <summary>
/// A conditional write lost: the entity's ETag no longer matches (412), or the entity no longer exists (404).
/// Re-read the entity and decide again.
/// </summary>
public sealed class TableConcurrencyException(HttpStatusCode status, string? errorCode, string message)
    : TableStorageException(status, errorCode, message);

/// <summary>An entity group transaction was rejected; nothing in it was applied.</summary>
public sealed class TableTransactionFailedException(
    HttpStatusCode status, string? errorCode, string message, int? failedActionIndex, TableTransactionAction? failedAction,
    bool earlierAttemptMayHaveApplied)
    : TableStorageException(status, errorCode, message)
{
    /// <summary>Zero-based index of the action the service blamed, when it named one.</summary>
    public int? FailedActionIndex { get; } = failedActionIndex;

    public TableTransactionAction? FailedAction { get; } = failedAction;

    /// <summary>
    /// True when an earlier attempt of this same transaction ended ambiguously (timeout, connection loss, 5xx) and the
    /// transaction carried no write it could be recognised by: the failure may then be the echo of that attempt having
    /// been applied. Re-read the entities before acting on the failure.
    /// </summary>
    public bool EarlierAttemptMayHaveApplied { get; } = earlierAttemptMayHaveApplied;
}
