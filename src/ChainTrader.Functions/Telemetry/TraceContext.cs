using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChainTrader.Functions.Telemetry;

/// <summary>
/// Carries a W3C trace context through queue messages, so one trace runs from the webhook through every trade step to
/// the notification. Convention: a JSON-object message has a top-level <c>"traceparent"</c> string (W3C Trace Context
/// header format, <c>00-{trace-id}-{parent-id}-{flags}</c>) and, when there is one, <c>"tracestate"</c>. Message
/// handlers ignore both fields. Only JSON objects carry it; other message shapes pass unchanged.
/// </summary>
public static class TraceContext
{
    public const string TraceParentField = "traceparent";
    public const string TraceStateField = "tracestate";

    /// <summary>
    /// Adds the trace context of <paramref name="activity"/> (default: <see cref="Activity.Current"/>) to a JSON-object
    /// message that has none yet. Returns the message unchanged when it is not an object, already carries a traceparent
    /// or there is no activity.
    /// </summary>
    public static JsonElement Inject(JsonElement message, Activity? activity = null)
    {
        activity ??= Activity.Current;
        if (activity is null || message.ValueKind != JsonValueKind.Object || message.TryGetProperty(TraceParentField, out _))
            return message;
        var node = JsonObject.Create(message)!;
        Inject(node, activity);
        return JsonSerializer.SerializeToElement(node, TelemetryJson.Default.JsonObject);
    }

    /// <summary>Sets the trace context fields on a message being built, unless it already has a traceparent.</summary>
    public static JsonObject Inject(JsonObject message, Activity? activity = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        activity ??= Activity.Current;
        if (activity is null || message.ContainsKey(TraceParentField)) return message;
        message[TraceParentField] = Format(activity.Context);
        if (!string.IsNullOrEmpty(activity.TraceStateString)) message[TraceStateField] = activity.TraceStateString;
        return message;
    }

    /// <summary>
    /// The trace context a message carries, if any. Accepts the message as a JSON object or as a JSON string holding the
    /// object's text (how the Functions host hands a custom handler a queue message's body). A malformed traceparent
    /// counts as none: tracing must never make a message fail.
    /// </summary>
    public static ActivityContext? Extract(JsonElement message)
    {
        if (message.ValueKind == JsonValueKind.String)
        {
            var text = message.GetString();
            if (string.IsNullOrEmpty(text) || text[0] != '{') return null;
            try
            {
                using var inner = JsonDocument.Parse(text);
                return Extract(inner.RootElement);
            }
            catch (JsonException)
            {
                return null;
            }
        }
        if (message.ValueKind != JsonValueKind.Object
            || !message.TryGetProperty(TraceParentField, out var parent) || parent.ValueKind != JsonValueKind.String)
            return null;
        var state = message.TryGetProperty(TraceStateField, out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
        return ActivityContext.TryParse(parent.GetString(), state, isRemote: true, out var context) ? context : null;
    }

    /// <summary>The W3C traceparent header value of a context.</summary>
    public static string Format(ActivityContext context) =>
        $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{((context.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00")}";
}
