namespace ChainTrader.Functions.Telemetry;

/// <summary>The OTLP destinations in force (URLs without credentials: headers are not included).</summary>
public sealed record OtlpExport(Uri TracesEndpoint, Uri MetricsEndpoint, string Protocol);
