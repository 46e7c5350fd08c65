using System.Reflection;
using ChainTrader.Core.Scheduling;

namespace ChainTrader.Functions.Hosting;

/// <summary>One [Function] method as its attributes declare it (what the Worker SDK writes into functions.metadata).</summary>
/// <param name="HttpMethods">Lower-case HTTP methods of an HTTP trigger; empty otherwise.</param>
/// <param name="AuthLevel">An HTTP trigger's authorization level (the Functions host enforces it; standalone serves loopback only).</param>
public sealed record FunctionEntry(
    string Name,
    FunctionTrigger Trigger,
    MethodInfo Method,
    ParameterInfo TriggerParameter,
    CronSchedule? Schedule,
    string? ScheduleExpression,
    bool RunOnStartup,
    string? QueueName,
    string? Route,
    IReadOnlyList<string> HttpMethods,
    string? AuthLevel);
