using System.Globalization;
using ChainTrader.Application.Oracles;
using ChainTrader.Application.Telemetry;
using Microsoft.Azure.Functions.Worker;

namespace ChainTrader.Functions.Functions;

/// <summary>
/// Timer (every 10 s): reads every configured price source (one RPC batch per chain, Hermes once), assesses each symbol
/// with the oracle rules, stores a snapshot per symbol (history + latest, carrying the last good price), and raises or
/// clears the oracle alerts. A source that cannot be read fails its symbol closed; the poll itself still completes.
/// </summary>
public sealed class OraclePollFunction(PriceOracle oracle, OracleSnapshotStore store, OracleAlerts alerts, OracleConfiguration configuration,
    ILogger<OraclePollFunction> logger)
{
    [Function("OraclePoll")]
    public async Task RunAsync([TimerTrigger("*/10 * * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var (snapshots, read) = await oracle.AssessAllAsync(cancellationToken);
        // Snapshots first: a decision may cite them even if alerting fails below.
        await Task.WhenAll(snapshots.Select(s => store.SaveAsync(s, asLatest: true, cancellationToken)));

        foreach (var reading in snapshots.SelectMany(s => s.Assessment.Sources).Where(r => r.Age is not null))
            ChainTraderTelemetry.OracleAge.Record(Math.Max(0, reading.Age!.Value.TotalSeconds), new KeyValuePair<string, object?>(TelemetryTags.Feed, reading.Source));

        var down = read.Chains.Where(c => !c.Succeeded).Select(c => c.Chain).ToList();
        var withSequencer = configuration.Chains.Where(c => c.RequiresSequencer).Select(c => c.Chain.Name).ToList();
        await alerts.EvaluateAsync(snapshots.Select(s => s.Assessment).ToList(), withSequencer, down, cancellationToken);

        foreach (var chain in read.Chains)
        {
            logger.Log(chain.Succeeded ? LogLevel.Information : LogLevel.Warning, "{Line}", chain.Succeeded
                ? $"{chain.Chain}: {chain.Calls} calls in one batch via {chain.Endpoint}, block {chain.Block?.ToString(CultureInfo.InvariantCulture) ?? "-"}, {chain.Elapsed.TotalMilliseconds:F0} ms"
                : $"{chain.Chain}: read failed: {chain.Error}");
        }
        foreach (var snapshot in snapshots)
            logger.Log(snapshot.Assessment.IsUsable ? LogLevel.Information : LogLevel.Warning, "{Summary}", snapshot.Assessment.Summary);
    }
}
