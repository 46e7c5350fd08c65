using System.Text;
using ChainTrader.Functions.Telemetry;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChainTrader.Tests.Telemetry;

/// <summary>OTLP export: off unless an endpoint is configured; with one, spans and metrics arrive as OTLP/HTTP protobuf.</summary>
public class OtlpExportTests
{
    [Fact]
    public async Task NothingIsExportedWithoutAnEndpoint()
    {
        var logs = new LogCapture();
        await using var app = await AppHost.StartAsync(AppHost.BaseSettings(), services: logs.AddTo);

        Assert.Null(app.Services.GetRequiredService<TelemetryPipeline>().Export);
        Assert.Contains(logs.Lines, l => l.Message.StartsWith("OTLP export off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SpansAndMetricsReachTheConfiguredOtlpEndpoint()
    {
        await using var collector = await OtlpRecorder.StartAsync();
        var settings = AppHost.BaseSettings();
        settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url.ToString();
        settings["OTEL_EXPORTER_OTLP_HEADERS"] = "x-ingest-key=local%20test";
        settings["OTEL_SERVICE_NAME"] = "chaintrader-otlp-test";
        var (traceId, parentSpanId, traceparent) = TracePropagationTests.NewTraceparent();

        var app = await AppHost.StartAsync(settings);
        var export = app.Services.GetRequiredService<TelemetryPipeline>().Export;
        using (var request = new HttpRequestMessage(HttpMethod.Get, "/healthz"))
        {
            request.Headers.Add("traceparent", traceparent);
            using var response = await app.Http.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }
        await app.DisposeAsync(); // shutting the providers down exports what they hold

        Assert.NotNull(export);
        Assert.Equal(new Uri(collector.Url, "v1/traces"), export.TracesEndpoint);
        var traces = collector.Posts.Where(p => p.Path == "/v1/traces").ToList();
        Assert.NotEmpty(traces);
        Assert.All(traces, p =>
        {
            Assert.Equal("application/x-protobuf", p.ContentType);
            Assert.Equal("local test", p.Headers["x-ingest-key"]);
        });
        var span = Assert.Single(traces.SelectMany(p => OtlpWire.Spans(p.Body)), s => s.TraceId == traceId);
        Assert.Equal("GET /healthz", span.Name);
        Assert.Equal(parentSpanId, span.ParentSpanId);
        Assert.Equal(2, span.Kind); // SPAN_KIND_SERVER
        Assert.Contains(traces, p => Encoding.UTF8.GetString(p.Body).Contains("chaintrader-otlp-test", StringComparison.Ordinal));

        var metricNames = collector.Posts.Where(p => p.Path == "/v1/metrics").SelectMany(p => OtlpWire.MetricNames(p.Body)).ToHashSet();
        Assert.Contains("trader_open_positions", metricNames);
        Assert.Contains("trader_circuit_breaker_state", metricNames);
    }

    [Theory]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "ftp://collector", "OTEL_EXPORTER_OTLP_ENDPOINT: not an absolute http(s) URL.")]
    [InlineData("OTEL_EXPORTER_OTLP_PROTOCOL", "http/json", "OTEL_EXPORTER_OTLP_PROTOCOL: \"http/json\" is not supported")]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS", "a=1,secret-without-separator", "OTEL_EXPORTER_OTLP_HEADERS: entry 2 is not key=value.")]
    [InlineData("LATENCY_WARN_MS", "0", "LATENCY_WARN_MS: 0 must be at least 1.")]
    [InlineData("OTEL_METRIC_EXPORT_INTERVAL", "10", "OTEL_METRIC_EXPORT_INTERVAL: 10 ms is below the 1000 ms minimum.")]
    public async Task InvalidSettingsStopTheStartWithTheReasonAndNoSecret(string key, string value, string reason)
    {
        var settings = AppHost.BaseSettings();
        settings[key] = value;
        var error = await Assert.ThrowsAnyAsync<Exception>(() => AppHost.StartAsync(settings));
        Assert.Contains(reason, error.ToString());
        Assert.DoesNotContain("secret-without-separator", error.ToString());
    }
}
