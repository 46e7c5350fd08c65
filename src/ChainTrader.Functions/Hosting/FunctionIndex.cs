using System.Reflection;
using ChainTrader.Core.Scheduling;
using Microsoft.Azure.Functions.Worker;

namespace ChainTrader.Functions.Hosting;

/// <summary>
/// The [Function] methods of the app, read from their attributes: the one declaration both hosts use (the Worker SDK
/// generates functions.metadata from the same attributes).
/// </summary>
public sealed class FunctionIndex
{
    // The Durable trigger attributes live in a package this project need not reference; their names are enough to list them.
    private const string OrchestrationTrigger = "OrchestrationTriggerAttribute";
    private const string ActivityTrigger = "ActivityTriggerAttribute";

    public FunctionIndex(IReadOnlyList<FunctionEntry> functions)
    {
        var duplicate = functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new InvalidOperationException($"Two functions are named {duplicate.Key}.");
        Functions = functions;
    }

    public IReadOnlyList<FunctionEntry> Functions { get; }

    /// <summary>Orchestrator and activity functions, for the Durable engine to register.</summary>
    public IEnumerable<FunctionEntry> Durable => Functions.Where(f => f.Trigger is FunctionTrigger.Orchestration or FunctionTrigger.Activity);

    public FunctionEntry? Find(string name) => Functions.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    public static FunctionIndex Discover(Assembly assembly) => Discover(assembly.GetTypes());

    public static FunctionIndex Discover(IEnumerable<Type> types) => new([.. types
        .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
        .Select(m => (Method: m, Attribute: m.GetCustomAttribute<FunctionAttribute>()))
        .Where(m => m.Attribute is not null)
        .Select(m => Describe(m.Attribute!.Name, m.Method))
        .OrderBy(f => f.Name, StringComparer.Ordinal)]);

    private static FunctionEntry Describe(string name, MethodInfo method)
    {
        var where = $"{method.DeclaringType?.Name}.{method.Name} ([Function(\"{name}\")])";
        var triggers = method.GetParameters()
            .SelectMany(p => p.GetCustomAttributes().Where(IsTrigger).Select(a => (Parameter: p, Attribute: a)))
            .ToList();
        if (triggers.Count != 1) throw new InvalidOperationException($"{where} must have exactly one trigger parameter, not {triggers.Count}.");
        var (parameter, attribute) = triggers[0];
        return attribute switch
        {
            HttpTriggerAttribute http => new FunctionEntry(name, FunctionTrigger.Http, method, parameter, null, null, false, null,
                http.Route ?? name, [.. (http.Methods ?? []).Select(m => m.ToLowerInvariant())], http.AuthLevel.ToString().ToLowerInvariant()),
            TimerTriggerAttribute timer => new FunctionEntry(name, FunctionTrigger.Timer, method, parameter, Parse(timer.Schedule, where),
                timer.Schedule, timer.RunOnStartup, null, null, [], null),
            QueueTriggerAttribute queue => new FunctionEntry(name, FunctionTrigger.Queue, method, parameter, null, null, false, queue.QueueName, null, [], null),
            _ when attribute.GetType().Name == OrchestrationTrigger => new FunctionEntry(name, FunctionTrigger.Orchestration, method, parameter, null, null, false, null, null, [], null),
            _ when attribute.GetType().Name == ActivityTrigger => new FunctionEntry(name, FunctionTrigger.Activity, method, parameter, null, null, false, null, null, [], null),
            _ => throw new InvalidOperationException($"{where}: trigger {attribute.GetType().Name} is not one ChainTrader hosts."),
        };
    }

    private static bool IsTrigger(Attribute attribute) =>
        attribute is Microsoft.Azure.Functions.Worker.Extensions.Abstractions.TriggerBindingAttribute
        || attribute.GetType().Name is OrchestrationTrigger or ActivityTrigger;

    private static CronSchedule Parse(string expression, string where)
    {
        try { return CronSchedule.Parse(expression); }
        catch (FormatException ex) { throw new InvalidOperationException($"{where}: {ex.Message}", ex); }
    }
}
