using System.Diagnostics;
using ChainTrader.Application.Configuration;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Health;

/// <summary>Runs every check in parallel; a check that throws or overruns fails with the reason.</summary>
public sealed class ReadinessProbe(IEnumerable<IReadinessCheck> checks, IOptions<ChainTraderOptions> options)
{
    /// <param name="timeout">Per-check limit; READINESS_TIMEOUT_S when null (a chat command passes a shorter one).</param>
    public async Task<ReadinessReport> RunAsync(CancellationToken cancellationToken, TimeSpan? timeout = null)
    {
        timeout ??= TimeSpan.FromSeconds(options.Value.ReadinessTimeoutSeconds);
        var outcomes = await Task.WhenAll(checks.Select(check => RunOneAsync(check, timeout.Value, cancellationToken)));
        return new ReadinessReport(outcomes.All(o => o.Healthy) ? "ready" : "not ready", outcomes);
    }

    private static async Task<CheckOutcome> RunOneAsync(IReadinessCheck check, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            var detail = await check.CheckAsync(cts.Token);
            return new CheckOutcome(check.Name, true, detail, watch.ElapsedMilliseconds);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new CheckOutcome(check.Name, false, $"no answer within {timeout.TotalSeconds:0.#} s", watch.ElapsedMilliseconds);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return new CheckOutcome(check.Name, false, ex.Message, watch.ElapsedMilliseconds);
        }
    }
}
