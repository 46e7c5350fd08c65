using System.Diagnostics;
using Microsoft.Extensions.Options;
using Azure.Monitor.OpenTelemetry.Exporter;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ChainTrader.Functions.Telemetry;

/// <summary>The OTLP destinations in force (URLs without credentials: headers are not included).</summary>
public sealed record OtlpExport(Uri TracesEndpoint, Uri MetricsEndpoint, string Protocol);
