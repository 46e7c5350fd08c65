using System.Diagnostics;
using ChainTrader.Functions.Hosting;
using ChainTrader.Application.Telemetry;

namespace ChainTrader.Functions.Telemetry;

/// <summary>
/// Spans for function invocations (timer, queue; HTTP functions get theirs from <see cref="HttpTelemetryMiddleware"/>)
/// and the trace hand-over through queue messages: a queue-triggered invocation continues the trace its message
/// carries (<see cref="TraceContext"/>); what a function sends through <see cref="Application.Notifications.HintQueues"/> carries the invocation's.
/// </summary>
public static class FunctionTelemetry
{
    /// <summary>
    /// Starts the invocation's span, named after the function. Parent: the trace context in a queue message when it has
    /// one (the span then links to the current span, if any), otherwise the current span, otherwise none.
    /// </summary>
    public static Activity? StartInvocation(FunctionEntry function, object? trigger)
    {
        var isQueue = function.Trigger == FunctionTrigger.Queue;
        ActivityContext? carried = isQueue && trigger is string message ? TraceContext.Extract(QueueText.AsJson(message)) : null;
        var current = Activity.Current;
        var activity = carried is { } parent
            ? ChainTraderTelemetry.ActivitySource.StartActivity(function.Name, ActivityKind.Consumer, parent,
                links: current is null ? null : [new ActivityLink(current.Context)])
            : ChainTraderTelemetry.ActivitySource.StartActivity(function.Name, isQueue ? ActivityKind.Consumer : ActivityKind.Internal);
        activity?.SetTag(TelemetryTags.FaasTrigger, function.Trigger switch
        {
            FunctionTrigger.Timer => "timer",
            FunctionTrigger.Queue => "pubsub",
            _ => "other",
        });
        activity?.SetTag(TelemetryTags.Function, function.Name);
        return activity;
    }

    public static void RecordFailure(Activity? activity, Exception exception)
    {
        if (activity is null) return;
        activity.SetTag(TelemetryTags.ErrorType, exception.GetType().FullName);
        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
    }
}
