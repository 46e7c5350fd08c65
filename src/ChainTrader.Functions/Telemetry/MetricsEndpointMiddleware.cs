namespace ChainTrader.Functions.Telemetry;

/// <summary>
/// GET /metrics: every ChainTrader instrument of this host in the Prometheus text exposition format (version 0.0.4).
/// Served by middleware because telemetry registers itself without touching the endpoint map; the Functions host
/// forwards the route declared in Functions/Metrics/function.json.
/// </summary>
public sealed class MetricsEndpointMiddleware(RequestDelegate next, PrometheusMetricsCollector collector)
{
    public const string Path = "/metrics";
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!context.Request.Path.Equals(Path, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET";
            return;
        }
        context.Response.ContentType = ContentType;
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.WriteAsync(collector.Scrape(), context.RequestAborted);
    }
}
