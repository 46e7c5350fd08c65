using ChainTrader.Core.Trades;
using ChainTrader.Application.Operations;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Trades;

/// <summary>
/// The <c>trades.overdue</c> alert's condition: reads the open trades and their orchestrations' metadata and lets
/// <see cref="OverdueTrades"/> decide. The status is read before the trade, so an orchestration that completed after
/// saving its trade terminal is never seen next to the trade's older, open view.
/// </summary>
public sealed class OverdueTradeAlertSource(TradeStore store, DurableClientAccess durable, IOptions<TradeTimings> timings, OperationsOptions options,
    TimeProvider clock)
{
    /// <summary>Where an operator reads how to inspect, terminate and purge one trade's orchestration.</summary>
    public const string RunbookLink = "README.md#trade-orchestrations";

    public async Task<(string Key, bool Active, string Summary)> EvaluateAsync(CancellationToken cancellationToken)
    {
        var read = new List<(Trade, Microsoft.DurableTask.Client.OrchestrationRuntimeStatus?)>();
        foreach (var id in await store.OpenTradeIdsAsync(cancellationToken))
        {
            var instance = await durable.Client.GetInstanceAsync(TradeOrchestration.InstanceId(id), getInputsAndOutputs: false, cancellationToken);
            if (await store.GetAsync(id, cancellationToken) is { } stored)
                read.Add((stored.Trade, instance?.RuntimeStatus));
        }
        var overdue = OverdueTrades.Find(read, timings.Value, options.TradeOverdueGrace, clock.GetUtcNow());
        if (overdue.Count == 0)
            return (AlertKeys.OverdueTrades, false, "Every open trade is moving within its timeouts on a live orchestration.");
        var lines = overdue.Select(o => $"Trade {o.TradeId} ({o.State}): {o.Reason} (instance {TradeOrchestration.InstanceId(o.TradeId)}).");
        return (AlertKeys.OverdueTrades, true, string.Join("\n", lines) +
            "\nInspect the instance's status and history, then terminate it if it still runs and purge it; /cancel the trade if it has not been "
            + $"submitted, and check the chain for a submitted one. How, in Azure and standalone: {RunbookLink}.");
    }
}
