using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChainTrader.Application.Telemetry;

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
    /// object's text (how a queue trigger hands over a message's body). A malformed traceparent
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

    /// <summary>The traceparent of <paramref name="activity"/> (default: <see cref="Activity.Current"/>), to store with long-lived work; null without one.</summary>
    public static string? Capture(Activity? activity = null) => (activity ?? Activity.Current) is { } a ? Format(a.Context) : null;

    /// <summary>
    /// Starts a span that continues a stored trace (the trace a trade was opened under), so everything one piece of work
    /// logs, stores and calls carries that trace id whatever triggered it (a button press, a sweeper tick, a restart).
    /// Returns null, starting nothing, when the current span is already in that trace (its work is a plain descendant
    /// then) or when there is no (valid) stored trace.
    /// </summary>
    /// <remarks>
    /// The stored context becomes the span's <b>parent</b>, not merely a link: the spec asks for one trace id from the
    /// webhook through every step, RPC call and notification of a trade, and trades live for seconds to minutes (quote
    /// TTL plus confirmations), so a trade's trace stays a size tools handle. The span that triggered the work (another
    /// request's or the sweeper's) is kept as a <b>link</b>, so that trace still leads here.
    /// </remarks>
    public static Activity? Continue(string? traceparent, string name, IEnumerable<KeyValuePair<string, object?>>? tags = null,
        ActivityKind kind = ActivityKind.Internal)
    {
        if (traceparent is null || !ActivityContext.TryParse(traceparent, null, isRemote: true, out var stored)) return null;
        var current = Activity.Current;
        if (current?.TraceId == stored.TraceId) return null;
        return ChainTraderTelemetry.ActivitySource.StartActivity(name, kind, stored, tags,
            links: current is null ? null : [new ActivityLink(current.Context)]);
    }

    /// <summary>The W3C traceparent header value of a context.</summary>
    public static string Format(ActivityContext context) =>
        $"00-{context.TraceId.ToHexString()}-{context.SpanId.ToHexString()}-{((context.TraceFlags & ActivityTraceFlags.Recorded) != 0 ? "01" : "00")}";
}
