using System.Diagnostics.Metrics;
using System.Net;
using ChainTrader.Functions.Telemetry;

namespace ChainTrader.Functions.Operations;

/// <summary>
/// Feeds <see cref="OperationalSignals"/> from the instruments other parts already record on the ChainTrader meter:
/// webhook and RPC latency, RPC errors (<c>exchange_api_errors_total</c>) and order rejections
/// (<c>trader_order_rejections_total</c>, incremented by the trade lifecycle). One recording point per event, so the
/// alert counts and /metrics never disagree.
/// </summary>
public sealed class SignalMeterListener(OperationalSignals signals) : IHostedService, IDisposable
{
    private MeterListener? _listener;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Read before the listener starts: the instruments publish while the static class initialises, and a callback that
        // touched the class during its own initialisation would see it half-built.
        var meter = ChainTraderTelemetry.Meter;
        var watched = new HashSet<string>(StringComparer.Ordinal)
        {
            ChainTraderTelemetry.WebhookLatency.Name, ChainTraderTelemetry.RpcLatency.Name,
            ChainTraderTelemetry.ExchangeApiErrors.Name, ChainTraderTelemetry.OrderRejections.Name,
        };
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter) && watched.Contains(instrument.Name)) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => OnDouble(instrument.Name, value));
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => OnLong(instrument.Name, value));
        listener.Start();
        _listener = listener;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _listener?.Dispose();
        _listener = null;
    }

    private void OnDouble(string name, double seconds)
    {
        if (name == ChainTraderTelemetry.WebhookLatency.Name)
            signals.RecordLatency(SignalKind.WebhookAnswered, SignalKind.WebhookSlow, TimeSpan.FromSeconds(seconds));
        else if (name == ChainTraderTelemetry.RpcLatency.Name)
            signals.RecordLatency(SignalKind.RpcExchange, SignalKind.RpcSlow, TimeSpan.FromSeconds(seconds));
    }

    private void OnLong(string name, long count)
    {
        if (name == ChainTraderTelemetry.ExchangeApiErrors.Name) signals.Record(SignalKind.RpcError, count);
        else if (name == ChainTraderTelemetry.OrderRejections.Name) signals.Record(SignalKind.OrderRejection, count);
    }
}

/// <summary>
/// On the Telegram Bot API client: counts failed exchanges (transport errors, timeouts, 429, 5xx, 401/404 for a bad
/// token or URL). 400 and 403 are answers about one request or chat (bad markup, a user who blocked the bot), not about
/// the API's health, so they are not counted.
/// </summary>
public sealed class TelegramErrorSignalHandler(OperationalSignals signals) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            signals.Record(SignalKind.TelegramError);
            throw;
        }
        if (!response.IsSuccessStatusCode && response.StatusCode is not (HttpStatusCode.BadRequest or HttpStatusCode.Forbidden))
            signals.Record(SignalKind.TelegramError);
        return response;
    }
}

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

/// <summary>
/// Writes this instance's signal counts at most every <see cref="OperationalSignals.BucketLength"/>, and only after
/// something was recorded, so the sweep on any instance sees them within one bucket.
/// </summary>
public sealed class SignalFlusher(OperationalSignals signals, TimeProvider clock, ILogger<SignalFlusher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await signals.WaitForRecordAsync(stoppingToken);
                await Task.Delay(OperationalSignals.BucketLength, clock, stoppingToken);
                try
                {
                    await signals.FlushAsync(stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Kept in memory and written after the next record; a warning, not an error, so a storage outage
                    // does not feed the exception count it would otherwise inflate.
                    logger.LogWarning("Writing operational signals failed ({Error}); they stay in memory until the next write", ex.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }
}
