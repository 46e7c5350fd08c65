namespace ChainTrader.Tests.Telemetry;

/// <summary>A span as OTLP carries it (the fields the tests look at).</summary>
public sealed record OtlpSpan(string TraceId, string SpanId, string ParentSpanId, string Name, int Kind);
