using System.Net;

namespace ChainTrader.Adapters.Storage;

/// <summary>An entity group batch was rejected; nothing in it was applied.</summary>
public sealed class TableBatchFailedException(
    HttpStatusCode status, string? errorCode, string message, int? failedActionIndex, TableBatchAction? failedAction,
    bool earlierAttemptMayHaveApplied, Exception? inner = null)
    : TableStorageException(status, errorCode, message, inner)
{
    /// <summary>Zero-based index of the action the service blamed, when it named one.</summary>
    public int? FailedActionIndex { get; } = failedActionIndex;

    public TableBatchAction? FailedAction { get; } = failedAction;

    /// <summary>
    /// True when an earlier attempt of this same batch ended ambiguously (timeout, connection loss, 5xx) and the batch
    /// carried no write it could be recognised by: the failure may then be the echo of that attempt having been applied.
    /// Re-read the entities before acting on the failure.
    /// </summary>
    public bool EarlierAttemptMayHaveApplied { get; } = earlierAttemptMayHaveApplied;
}
