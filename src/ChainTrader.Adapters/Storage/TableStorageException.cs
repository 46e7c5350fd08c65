using System.Net;

namespace ChainTrader.Adapters.Storage;

/// <summary>The Table service refused or failed a request (the stores catch this, never the SDK's exception types).</summary>
public class TableStorageException : Exception
{
    public TableStorageException(HttpStatusCode status, string? errorCode, string message, Exception? inner = null)
        : base(message, inner)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    /// <summary>HTTP status of the failed request (or of the failed action inside a batch); 0 when no answer came.</summary>
    public HttpStatusCode Status { get; }

    /// <summary>The service's error code, e.g. "EntityAlreadyExists", "TableNotFound"; "ConnectionFailed"/"Timeout" without an answer.</summary>
    public string? ErrorCode { get; }
}
