using ChainTrader.Core.Oracles;

namespace ChainTrader.Application.Oracles;

/// <summary>
/// <see cref="IPriceOracle"/> over the snapshots OraclePoll stores and, for <see cref="AssessNowAsync"/>, the sources
/// themselves. Also the poll's own step: <see cref="AssessAllAsync"/>.
/// </summary>
public sealed class PriceOracle(OracleConfiguration configuration, OracleSourceReader reader, OracleSnapshotStore store, TimeProvider clock,
    ILogger<PriceOracle> logger) : IPriceOracle
{
    /// <summary>The source named in failures about the stored snapshot itself (missing, unreadable, too old).</summary>
    public const string SnapshotSource = "oracle snapshot";

    public async Task<PriceAssessment> CurrentAsync(string symbol, CancellationToken cancellationToken)
    {
        var canonical = configuration.Canonical(symbol);
        OracleSnapshot? latest;
        try
        {
            latest = await store.GetLatestAsync(canonical, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Latest oracle snapshot of {Symbol} could not be read", canonical);
            return NotUsable(canonical, $"the latest {canonical} snapshot could not be read: {ex.Message}");
        }
        if (latest is null)
            return NotUsable(canonical, $"no {canonical} price has been polled yet (OraclePoll has not run)");
        return Recheck(latest.Assessment, clock.GetUtcNow(), configuration.Rules);
    }

    public async Task<PriceAssessment> AssessNowAsync(string symbol, CancellationToken cancellationToken)
    {
        var canonical = configuration.Canonical(symbol);
        var lastGood = await LastGoodAsync(canonical, cancellationToken);
        var read = await reader.ReadAsync([canonical], cancellationToken);
        var assessment = OracleRules.Assess(read.Inputs[canonical], configuration.Rules, clock.GetUtcNow(), lastGood);
        // A usable fresh read is the newest truth: it also replaces the latest snapshot, so a price that failed during an
        // outage is usable again (for trades and /readyz) as soon as the sources answer, not at the next poll.
        await store.SaveAsync(new OracleSnapshot(assessment, read.Provenance.Where(p => BelongsTo(p, read.Inputs[canonical])).ToList()),
            asLatest: assessment.IsUsable, cancellationToken);
        return assessment;
    }

    /// <summary>
    /// Reads every configured symbol once and assesses each against its last good price; returns the snapshots (not yet
    /// stored) and how each chain's read went.
    /// </summary>
    public async Task<(IReadOnlyList<OracleSnapshot> Snapshots, OracleRead Read)> AssessAllAsync(CancellationToken cancellationToken)
    {
        var lastGood = await Task.WhenAll(configuration.Symbols.Select(s => LastGoodAsync(s, cancellationToken)));
        var read = await reader.ReadAsync(configuration.Symbols, cancellationToken);
        var now = clock.GetUtcNow();
        var snapshots = configuration.Symbols.Select((symbol, i) =>
        {
            var inputs = read.Inputs[symbol];
            return new OracleSnapshot(OracleRules.Assess(inputs, configuration.Rules, now, lastGood[i]),
                read.Provenance.Where(p => BelongsTo(p, inputs)).ToList());
        }).ToList();
        return (snapshots, read);
    }

    /// <summary>
    /// A stored assessment as of <paramref name="now"/>: still usable only if the snapshot is at most ORACLE_MAX_AGE_S old
    /// and every source is still within its own age limit. A usable result is returned unchanged (citable).
    /// </summary>
    public static PriceAssessment Recheck(PriceAssessment stored, DateTimeOffset now, OracleOptions rules)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(rules);
        var failures = new List<OracleRuleFailure>();
        var snapshotAge = now - stored.EvaluatedAt;
        if (snapshotAge > rules.MaxAge)
        {
            failures.Add(new OracleRuleFailure(OracleRule.Stale, SnapshotSource,
                $"{stored.Symbol}/USD snapshot is {(long)snapshotAge.TotalSeconds} s old > max {(long)rules.MaxAge.TotalSeconds} s (is OraclePoll running?)"));
        }
        // A not-usable snapshot already names its failures; a usable one must still hold source by source.
        foreach (var reading in stored.IsUsable ? stored.Sources.Where(r => r.PublishedAt is not null) : [])
        {
            var limit = reading.Kind == OracleSourceKind.Chainlink ? rules.ChainlinkAgeLimit : rules.MaxAge;
            var age = now - reading.PublishedAt!.Value;
            if (age > limit)
                failures.Add(new OracleRuleFailure(OracleRule.Stale, reading.Source, $"{reading.Source} age {(long)age.TotalSeconds} s > max {(long)limit.TotalSeconds} s"));
        }
        if (failures.Count == 0)
            return stored;
        return stored with
        {
            Verdict = PriceVerdict.NotUsable,
            Price = null,
            Failures = stored.Failures.Concat(failures).ToList(),
            EvaluatedAt = now,
        };
    }

    private async Task<LastGoodPrice?> LastGoodAsync(string symbol, CancellationToken cancellationToken)
    {
        try
        {
            return (await store.GetLatestAsync(symbol, cancellationToken))?.Assessment.LastGood;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Only the display of a stale price depends on it; the verdict does not.
            logger.LogWarning(ex, "Last good price of {Symbol} could not be read", symbol);
            return null;
        }
    }

    private static bool BelongsTo(SourceProvenance provenance, OracleInputs inputs) =>
        inputs.Chainlink.Any(o => o.Source == provenance.Source || (o.RequiresSequencer && provenance.Source == $"sequencer on {o.Chain}"))
        || inputs.Pyth.Any(o => o.Source == provenance.Source)
        || (inputs.Dex is { } dex && dex.Source == provenance.Source);

    private PriceAssessment NotUsable(string symbol, string reason) =>
        new(symbol, PriceVerdict.NotUsable, null, [new OracleRuleFailure(OracleRule.ReadFailed, SnapshotSource, reason)], [], null, null, clock.GetUtcNow());
}
