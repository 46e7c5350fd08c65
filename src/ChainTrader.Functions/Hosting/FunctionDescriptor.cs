using ChainTrader.Core.Scheduling;

namespace ChainTrader.Functions.Hosting;

/// <summary>One function as its function.json declares it.</summary>
public sealed record FunctionDescriptor(
    string Name,
    string TriggerType,
    string TriggerBinding,
    CronSchedule? Schedule,
    bool RunOnStartup,
    string? QueueName,
    string? Route,
    IReadOnlyList<QueueOutputBinding> QueueOutputs);
