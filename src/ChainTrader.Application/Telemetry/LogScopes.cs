using System.Diagnostics;

namespace ChainTrader.Application.Telemetry;

/// <summary>
/// Names of the log scope values the app adds (they appear under "Scopes" in every JSON log line written inside them,
/// next to the TraceId/SpanId/ParentId scope), and the helper that scopes work to one Telegram update.
/// </summary>
public static class LogScopes
{
    public const string Function = "Function";
    public const string InvocationId = "InvocationId";
    public const string UpdateId = "UpdateId";

    /// <summary>Scopes the logs written while handling one Telegram update and tags the current span with its id.</summary>
    public static IDisposable? ForUpdate(ILogger logger, long updateId)
    {
        ArgumentNullException.ThrowIfNull(logger);
        Activity.Current?.SetTag(TelemetryTags.UpdateId, updateId);
        return logger.BeginScope(new ScopeValues([new(UpdateId, updateId)]));
    }

    /// <summary>Scopes the logs written while one function invocation runs.</summary>
    public static IDisposable? ForFunction(ILogger logger, string function)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return logger.BeginScope(new ScopeValues([new(Function, function)]));
    }
}
