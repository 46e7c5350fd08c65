namespace ChainTrader.Application.Operations;

/// <summary>Counts every log entry at Error or above that carries an exception: the exception-burst signal.</summary>
public sealed class ExceptionSignalLoggerProvider(OperationalSignals signals) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CountingLogger(signals);

    public void Dispose() { }

    private sealed class CountingLogger(OperationalSignals signals) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error && exception is not null) signals.Record(SignalKind.Exception);
        }
    }
}
