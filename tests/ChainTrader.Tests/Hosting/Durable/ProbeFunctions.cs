using ChainTrader.Functions.Hosting.Durable;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace ChainTrader.Tests.Hosting.Durable;

/// <summary>
/// Probe durable functions for the engine's tests and the bench's engine-latency run, written as the app writes its
/// own: <c>[Function]</c> methods on a class the engine creates from DI for each call.
/// </summary>
public sealed class ProbeFunctions(ProbeLog log, ProbeGate gate, LocalDurableEngine engine)
{
    public const string Orchestration = "EngineProbe";
    public const string PingOrchestration = "EngineProbePings";
    public const string HeldOrchestration = "EngineProbeHeld";
    public const string Step = "EngineProbeStep";
    public const string ConfirmEvent = "Confirm";
    public const string PingEvent = "Ping";

    /// <summary>Activity → external event → durable timer → activity, the shape of a trade.</summary>
    [Function(Orchestration)]
    public async Task<string> Probe([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var input = context.GetInput<ProbeInput>() ?? throw new InvalidOperationException("no input");
        var retry = new TaskOptions(new TaskRetryOptions(new RetryPolicy(3, TimeSpan.FromSeconds(1))));
        var first = await context.CallActivityAsync<string>(Step, new ProbeStep(context.InstanceId, "before-event", CrashOnFirstRun: true), retry);
        var confirmed = await context.WaitForExternalEvent<string>(ConfirmEvent);
        await context.CreateTimer(TimeSpan.FromSeconds(input.TimerSeconds), CancellationToken.None);
        var last = await context.CallActivityAsync<string>(Step, new ProbeStep(context.InstanceId, "after-timer"));
        return $"{first}|{confirmed}|{last}";
    }

    /// <summary>Serves pings: each raised event runs one activity (for the event → activity latency).</summary>
    [Function(PingOrchestration)]
    public async Task<int> Pings([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var input = context.GetInput<ProbeInput>() ?? throw new InvalidOperationException("no input");
        for (var i = 0; i < input.Pings; i++)
        {
            var label = await context.WaitForExternalEvent<string>(PingEvent);
            await context.CallActivityAsync<string>(Step, new ProbeStep(context.InstanceId, label));
        }

        return input.Pings;
    }

    /// <summary>Blocks its first run on the test's gate (an orchestrator must not block; this one does so only to be caught mid-run).</summary>
    [Function(HeldOrchestration)]
    public Task<string> Held([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        if (!context.IsReplaying) gate.Hold();
        return Task.FromResult("held");
    }

    [Function(Step)]
    public string RunStep([ActivityTrigger] ProbeStep step)
    {
        var run = log.Record(step);
        log.RecordHub(engine.TaskHubName);
        // The effect is recorded before the failure, as when a process dies after the side effect but before the
        // result is stored: the retry delivers the same step again.
        if (step.CrashOnFirstRun && run == 1) throw new InvalidOperationException($"simulated crash after the effect of {step.Label}");
        return step.Label;
    }
}
