using System.Diagnostics;

namespace ChainTrader.Functions.Telemetry;

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
        Activity.Current?.SetTag(ChainTraderTelemetry.Tags.UpdateId, updateId);
        return logger.BeginScope(new ScopeValues([new(UpdateId, updateId)]));
    }

    /// <summary>Scopes the logs written while one function invocation runs.</summary>
    public static IDisposable? ForFunction(ILogger logger, string function)
    {
        ArgumentNullException.ThrowIfNull(logger);
        return logger.BeginScope(new ScopeValues([new(Function, function)]));
    }
}

/// <summary>Named scope values that also read well as the scope's "Message" in JSON logs (e.g. "Function:RpcHealth").</summary>
public sealed class ScopeValues(IReadOnlyList<KeyValuePair<string, object?>> values) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => values.Count;

    public KeyValuePair<string, object?> this[int index] => values[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => values.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(' ', values.Select(v => $"{v.Key}:{v.Value}"));
}
