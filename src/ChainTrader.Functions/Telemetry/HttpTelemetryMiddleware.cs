using System.Diagnostics;
using ChainTrader.Functions.Hosting;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.Options;
using ChainTrader.Application.Telemetry;

namespace ChainTrader.Functions.Telemetry;

/// <summary>
/// Wraps every HTTP request in a server
/// span. An incoming W3C <c>traceparent</c>/<c>tracestate</c> makes the span a child of the caller's; without one the
/// span starts a new trace. Logs inside carry the trace and span ids, the HTTP function's name and the host's
/// invocation id. Its one line per request (method, route template, status, duration) replaces ASP.NET Core's request
/// lines, which print raw query strings (a function key in <c>?code=</c> would land in the logs). Records webhook latency and warns when the webhook answers slower than LATENCY_WARN_MS. Only the route
/// template is recorded, never the raw path or query.
/// </summary>
public sealed class HttpTelemetryMiddleware
{
    public const string WebhookFunction = "TelegramWebhook";

    /// <summary>The header the Functions host sets on the HTTP requests it forwards to the worker.</summary>
    public const string InvocationIdHeader = "X-Azure-Functions-InvocationId";

    private readonly RequestDelegate _next;
    private readonly TimeProvider _clock;
    private readonly IOptions<TelemetryOptions> _options;
    private readonly ILogger<HttpTelemetryMiddleware> _logger;
    private readonly (FunctionEntry Function, TemplateMatcher Matcher)[] _httpFunctions;

    public HttpTelemetryMiddleware(RequestDelegate next, FunctionIndex index, TimeProvider clock, IOptions<TelemetryOptions> options,
        ILogger<HttpTelemetryMiddleware> logger)
    {
        _next = next;
        _clock = clock;
        _options = options;
        _logger = logger;
        _httpFunctions = index.Functions
            .Where(f => f.Trigger == FunctionTrigger.Http && f.Route is not null)
            .Select(f => (f, new TemplateMatcher(TemplateParser.Parse(f.Route!), new RouteValueDictionary())))
            .ToArray();
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var function = Match(request.Path);
        var invocationId = request.Headers[InvocationIdHeader].ToString();

        // ASP.NET Core may have started its own (unexported) activity; ours must hang off the caller's span, not off it.
        Activity.Current = null;
        var parent = ParentFrom(request.Headers);
        using var activity = ChainTraderTelemetry.ActivitySource.StartActivity(ActivityKind.Server, parent ?? default, name: request.Method);
        activity?.SetTag(TelemetryTags.HttpMethod, request.Method);
        if (function is not null) activity?.SetTag(TelemetryTags.Function, function.Name);
        if (invocationId.Length > 0) activity?.SetTag(TelemetryTags.FaasInvocationId, invocationId);
        using var scope = BeginScope(function?.Name, invocationId);

        var started = _clock.GetTimestamp();
        try
        {
            await _next(context);
        }
        catch (Exception ex)
        {
            activity?.SetTag(TelemetryTags.ErrorType, ex.GetType().FullName);
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
        finally
        {
            Complete(context, activity, function, _clock.GetElapsedTime(started));
        }
    }

    private void Complete(HttpContext context, Activity? activity, FunctionEntry? function, TimeSpan elapsed)
    {
        var status = context.Response.StatusCode;
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? (function is null ? null : "/" + function.Route);
        if (activity is not null)
        {
            if (route is not null)
            {
                activity.DisplayName = $"{context.Request.Method} {route}";
                activity.SetTag(TelemetryTags.HttpRoute, route);
            }
            activity.SetTag(TelemetryTags.HttpStatusCode, status);
            if (status >= 500) activity.SetStatus(ActivityStatusCode.Error);
        }
        _logger.LogInformation("{HttpMethod} {HttpRoute} answered {StatusCode} in {ElapsedMs:F1} ms",
            context.Request.Method, route ?? "(no route)", status, elapsed.TotalMilliseconds);

        if (function?.Name != WebhookFunction) return;
        ChainTraderTelemetry.WebhookLatency.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>(TelemetryTags.HttpStatusCode, status));
        var threshold = _options.Value;
        if (elapsed >= threshold.LatencyWarnThreshold)
            _logger.LogWarning("Webhook answered {StatusCode} in {ElapsedMs:F0} ms (LATENCY_WARN_MS {ThresholdMs})", status, elapsed.TotalMilliseconds, threshold.LatencyWarnMs);
    }

    private FunctionEntry? Match(PathString path)
    {
        foreach (var (function, matcher) in _httpFunctions)
        {
            if (matcher.TryMatch(path, new RouteValueDictionary())) return function;
        }
        return null;
    }

    private static ActivityContext? ParentFrom(IHeaderDictionary headers)
    {
        var traceParent = headers["traceparent"].ToString();
        if (traceParent.Length == 0) return null;
        var traceState = headers["tracestate"].ToString();
        return ActivityContext.TryParse(traceParent, traceState.Length == 0 ? null : traceState, isRemote: true, out var context) ? context : null;
    }

    private IDisposable? BeginScope(string? function, string invocationId)
    {
        if (function is null && invocationId.Length == 0) return null;
        var values = new List<KeyValuePair<string, object?>>(2);
        if (function is not null) values.Add(new(LogScopes.Function, function));
        if (invocationId.Length > 0) values.Add(new(LogScopes.InvocationId, invocationId));
        return _logger.BeginScope(new ScopeValues(values));
    }
}
