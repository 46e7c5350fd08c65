using System.Collections.Concurrent;
using System.Diagnostics;
using ChainTrader.Application.Telemetry;

namespace ChainTrader.Tests.Telemetry;

/// <summary>Collects ChainTrader spans as they end (process-wide: filter by trace id or name).</summary>
public sealed class SpanRecorder : IDisposable
{
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ActivityListener _listener;

    public SpanRecorder()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ChainTraderTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public IReadOnlyList<Activity> All => [.. _spans];

    public IReadOnlyList<Activity> WithTrace(string traceId) => [.. _spans.Where(s => s.TraceId.ToHexString() == traceId)];

    public void Dispose() => _listener.Dispose();
}
