using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;

namespace ChainTrader.Functions.Hosting.Durable;

/// <summary>
/// The worker's orchestration context with two local rules: the input is typed when the orchestrator asks for it, and
/// durable timers shorter than <see cref="MinimumTimer"/> are rejected.
/// </summary>
internal sealed class LocalOrchestrationContext(TaskOrchestrationContext inner, JsonElement? input) : TaskOrchestrationContext
{
    /// <summary>
    /// Azure Storage timers are queue messages made visible at the due time; shorter ones misfire (they can fire late by
    /// a polling interval or be taken for already due), so the engine refuses them rather than silently rounding: an
    /// orchestrator that asks for less would behave differently under the Functions host.
    /// </summary>
    public static readonly TimeSpan MinimumTimer = TimeSpan.FromSeconds(1.2);

    // Input options match the worker's default JSON data converter (web defaults), which serialized the input.
    private static readonly JsonSerializerOptions InputJson = new(JsonSerializerDefaults.Web);

    public override TaskName Name => inner.Name;
    public override string InstanceId => inner.InstanceId;
    public override ParentOrchestrationInstance? Parent => inner.Parent;
    public override DateTime CurrentUtcDateTime => inner.CurrentUtcDateTime;
    public override bool IsReplaying => inner.IsReplaying;
    public override string Version => inner.Version;
    public override IReadOnlyDictionary<string, object?> Properties => inner.Properties;
    public override TaskOrchestrationEntityFeature Entities => inner.Entities;
    public override ILoggerFactory ReplaySafeLoggerFactory => inner.ReplaySafeLoggerFactory;
    protected override ILoggerFactory LoggerFactory => inner.ReplaySafeLoggerFactory;

    public override T? GetInput<T>() where T : default =>
        input is { ValueKind: not JsonValueKind.Null } json ? json.Deserialize<T>(InputJson) : default;

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null) =>
        inner.CallActivityAsync<TResult>(name, input, options);

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var delay = fireAt - inner.CurrentUtcDateTime;
        if (delay < MinimumTimer)
            throw new ArgumentOutOfRangeException(nameof(fireAt), delay,
                $"Durable timers shorter than {MinimumTimer.TotalSeconds} s misfire on the Azure Storage backend; ask for at least that.");
        return inner.CreateTimer(fireAt, cancellationToken);
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) =>
        inner.WaitForExternalEvent<T>(eventName, cancellationToken);

    public override void SendEvent(string instanceId, string eventName, object payload) => inner.SendEvent(instanceId, eventName, payload);

    public override void SetCustomStatus(object? customStatus) => inner.SetCustomStatus(customStatus);

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) =>
        inner.CallSubOrchestratorAsync<TResult>(orchestratorName, input, options);

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        inner.ContinueAsNew(newInput, preserveUnprocessedEvents);

    public override Guid NewGuid() => inner.NewGuid();
}
