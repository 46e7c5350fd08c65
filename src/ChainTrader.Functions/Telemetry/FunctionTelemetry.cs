using System.Diagnostics;
using System.Text.Json;
using ChainTrader.Functions.Hosting;

namespace ChainTrader.Functions.Telemetry;

/// <summary>
/// Spans for function invocations (timer, queue; HTTP functions get theirs from <see cref="HttpTelemetryMiddleware"/>)
/// and the trace hand-over through queue messages: a queue-triggered invocation continues the trace its message
/// carries (<see cref="TraceContext"/>), and every JSON-object message a function puts on a queue output carries the
/// invocation's trace context.
/// </summary>
public static class FunctionTelemetry
{
    /// <summary>
    /// Starts the invocation's span, named after the function. Parent: the trace context in a queue message when it has
    /// one (the span then links to the delivering request's span, if any), otherwise the current span (the host's
    /// invocation request), otherwise none.
    /// </summary>
    public static Activity? StartInvocation(FunctionDescriptor function, FunctionInvocation invocation)
    {
        var isQueue = function.QueueName is not null;
        ActivityContext? carried = isQueue && invocation.Data.TryGetValue(function.TriggerBinding, out var message) ? TraceContext.Extract(message) : null;
        var current = Activity.Current;
        var activity = carried is { } parent
            ? ChainTraderTelemetry.ActivitySource.StartActivity(function.Name, ActivityKind.Consumer, parent,
                links: current is null ? null : [new ActivityLink(current.Context)])
            : ChainTraderTelemetry.ActivitySource.StartActivity(function.Name, isQueue ? ActivityKind.Consumer : ActivityKind.Internal);
        activity?.SetTag(ChainTraderTelemetry.Tags.FaasTrigger, function.TriggerType switch
        {
            "timerTrigger" => "timer",
            "queueTrigger" => "pubsub",
            _ => "other",
        });
        activity?.SetTag(ChainTraderTelemetry.Tags.Function, function.Name);
        return activity;
    }

    public static void RecordFailure(Activity? activity, Exception exception)
    {
        if (activity is null) return;
        activity.SetTag(ChainTraderTelemetry.Tags.ErrorType, exception.GetType().FullName);
        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
    }

    /// <summary>Adds <paramref name="activity"/>'s trace context to the JSON-object messages on the function's queue outputs.</summary>
    public static FunctionResult InjectTraceContext(FunctionDescriptor function, FunctionResult result, Activity? activity)
    {
        if (activity is null || function.QueueOutputs.Count == 0) return result;
        var outputs = new Dictionary<string, JsonElement>(result.Outputs, StringComparer.Ordinal);
        foreach (var output in function.QueueOutputs)
        {
            if (!outputs.TryGetValue(output.Name, out var value)) continue;
            outputs[output.Name] = value.ValueKind == JsonValueKind.Array
                ? JsonSerializer.SerializeToElement(value.EnumerateArray().Select(m => TraceContext.Inject(m, activity)).ToArray(), TelemetryJson.Default.JsonElementArray)
                : TraceContext.Inject(value, activity);
        }
        return result with { Outputs = outputs };
    }
}
