using ChainTrader.Functions.Telemetry;
using System.Reflection;
using ChainTrader.Application.Telemetry;

namespace ChainTrader.Functions.Hosting;

/// <summary>
/// Runs one [Function] method for the standalone host: in its own DI scope, inside the function's span and log scope,
/// with failures recorded on the span.
/// </summary>
public sealed class FunctionInvoker
{
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeProvider _clock;
    private readonly ILogger<FunctionInvoker> _logger;
    private readonly Dictionary<string, Func<FunctionArguments, object?>[]> _binders;

    public FunctionInvoker(FunctionIndex index, IServiceScopeFactory scopes, TimeProvider clock, ILogger<FunctionInvoker> logger)
    {
        _scopes = scopes;
        _clock = clock;
        _logger = logger;
        _binders = index.Functions.Where(f => f.Trigger is FunctionTrigger.Http or FunctionTrigger.Timer or FunctionTrigger.Queue)
            .ToDictionary(f => f.Name, FunctionBinder.Bind, StringComparer.Ordinal);
    }

    /// <summary>Invokes <paramref name="function"/> with <paramref name="trigger"/>; returns what the method returned (awaited).</summary>
    public async Task<object?> InvokeAsync(FunctionEntry function, object? trigger, CancellationToken cancellationToken)
    {
        if (!_binders.TryGetValue(function.Name, out var binders))
            throw new InvalidOperationException($"Function {function.Name} ({function.Trigger}) is not run by the standalone host.");
        await using var scope = _scopes.CreateAsyncScope();
        var arguments = new FunctionArguments(scope.ServiceProvider, trigger, cancellationToken);
        using var activity = function.Trigger == FunctionTrigger.Http ? null : FunctionTelemetry.StartInvocation(function, trigger);
        using var logScope = LogScopes.ForFunction(_logger, function.Name);
        var started = _clock.GetTimestamp();
        try
        {
            var target = function.Method.IsStatic ? null : ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, function.Method.DeclaringType!);
            // Unwrapped, so a failing function's own exception is what the span, the log and the caller see.
            var returned = function.Method.Invoke(target, BindingFlags.DoNotWrapExceptions, null, [.. binders.Select(b => b(arguments))], null);
            var result = await Unwrap(returned);
            _logger.LogDebug("{Function} finished in {ElapsedMs:F0} ms", function.Name, _clock.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }
        catch (Exception ex)
        {
            // Logged by the caller, which knows what happens next (the timer keeps its schedule, the message comes back).
            FunctionTelemetry.RecordFailure(activity, ex);
            throw;
        }
    }

    private static async Task<object?> Unwrap(object? returned)
    {
        switch (returned)
        {
            case Task task:
                await task;
                var type = task.GetType();
                return type.IsGenericType ? type.GetProperty(nameof(Task<object>.Result))!.GetValue(task) : null;
            case ValueTask valueTask:
                await valueTask;
                return null;
            default:
                return returned;
        }
    }
}
