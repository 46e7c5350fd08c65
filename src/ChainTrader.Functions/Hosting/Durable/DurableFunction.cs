using System.Reflection;

namespace ChainTrader.Functions.Hosting.Durable;

/// <summary>One <c>[Function]</c> method whose trigger parameter makes it an orchestrator or an activity.</summary>
public sealed record DurableFunction(string Name, MethodInfo Method, ParameterInfo Trigger, bool IsOrchestrator)
{
    /// <summary>What the method returns once awaited: <c>T</c> of <c>Task&lt;T&gt;</c>, nothing for <c>Task</c>/void.</summary>
    public Type OutputType => Method.ReturnType switch
    {
        { IsGenericType: true } t when t.GetGenericTypeDefinition() == typeof(Task<>) => t.GetGenericArguments()[0],
        var t when t == typeof(Task) || t == typeof(void) => typeof(object),
        var t => t,
    };
}
