using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChainTrader.Tests.Infrastructure;

/// <summary>
/// An ILoggerProvider that keeps every line at <paramref name="minimum"/> or above (default: every level), with the scopes
/// the app's logging adds (trace ids included).
/// </summary>
public sealed class LogCapture(LogLevel minimum = LogLevel.Trace) : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _lines = new();
    private readonly LogLevel _minimum = minimum;
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLog> Lines => [.. _lines];

    /// <summary>Every line as text (message, exception, values and scopes), for searching.</summary>
    public IReadOnlyList<string> Texts => [.. _lines.Select(l => l.AllText)];

    public void AddTo(IServiceCollection services) => services.AddSingleton<ILoggerProvider>(this);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= owner._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var values = new Dictionary<string, string>();
            if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
                foreach (var (key, value) in pairs) values[key] = value?.ToString() ?? "";
            var scopes = new Dictionary<string, string>();
            var index = 0;
            owner._scopes.ForEachScope((scope, _) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> scopePairs)
                    foreach (var (key, value) in scopePairs) scopes[key] = value?.ToString() ?? "";
                else
                    scopes[$"scope{index}"] = scope?.ToString() ?? "";
                index++;
            }, (object?)null);
            owner._lines.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), exception?.ToString(), values, scopes));
        }
    }
}
