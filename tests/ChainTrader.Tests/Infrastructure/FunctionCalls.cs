using System.Runtime.CompilerServices;
using ChainTrader.Functions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChainTrader.Tests.Infrastructure;

/// <summary>
/// Runs one function through the standalone host's invoker (the path its scheduler and queue listener take) and returns the
/// lines the invocation logged, as "Level: message".
/// </summary>
public static class FunctionCalls
{
    private static readonly ConditionalWeakTable<IServiceProvider, LogCapture> Captures = new();

    public static Task<IReadOnlyList<string>> RunTimerAsync(IServiceProvider services, string function)
    {
        var entry = Find(services, function);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        return RunAsync(services, entry, StandaloneScheduler.Timer(entry, now, now, now));
    }

    public static Task<IReadOnlyList<string>> RunQueueAsync(IServiceProvider services, string function, string message) =>
        RunAsync(services, Find(services, function), message);

    private static FunctionEntry Find(IServiceProvider services, string function) =>
        services.GetRequiredService<FunctionIndex>().Find(function) ?? throw new InvalidOperationException($"No function {function}.");

    private static async Task<IReadOnlyList<string>> RunAsync(IServiceProvider services, FunctionEntry function, object trigger)
    {
        var capture = Captures.GetValue(services, s =>
        {
            var added = new LogCapture(LogLevel.Debug);
            s.GetRequiredService<ILoggerFactory>().AddProvider(added);
            return added;
        });
        var before = capture.Lines.Count;
        await services.GetRequiredService<FunctionInvoker>().InvokeAsync(function, trigger, CancellationToken.None);
        // The invoker scopes the invocation's lines to its function; a scheduled run of another function may interleave.
        return [.. capture.Lines.Skip(before).Where(l => l.Scope("Function") == function.Name && l.Category.StartsWith("ChainTrader.Functions.Functions.", StringComparison.Ordinal))
            .Select(l => $"{l.Level}: {l.Message}")];
    }
}
