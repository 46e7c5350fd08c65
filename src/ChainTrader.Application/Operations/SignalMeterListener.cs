using System.Diagnostics.Metrics;
using ChainTrader.Application.Telemetry;

namespace ChainTrader.Application.Operations;

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
