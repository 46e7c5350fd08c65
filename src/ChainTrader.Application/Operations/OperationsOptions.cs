using System.Globalization;
using ChainTrader.Application.Configuration;

namespace ChainTrader.Application.Operations;

/// <summary>
/// Thresholds of the alert matrix and the housekeeping cadence. Built by <see cref="Read"/>, which collects every
/// unreadable setting as a problem (the startup validator lists them with all the others).
/// </summary>
public sealed record OperationsOptions
{
    /// <summary>ALERT_LATENCY_WINDOW_S: the window over which webhook and RPC p95 latency is judged.</summary>
    public TimeSpan LatencyWindow { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>ALERT_LATENCY_MIN_SAMPLES: fewer samples than this in the window say nothing about a p95.</summary>
    public int LatencyMinSamples { get; init; } = 5;

    /// <summary>ALERT_API_ERRORS_PER_MIN: RPC or Telegram errors in the last minute at which the burst alert raises.</summary>
    public int ApiErrorsPerMinute { get; init; } = 10;

    /// <summary>ALERT_EXCEPTIONS_PER_MIN: errors logged with an exception in the last minute at which the burst alert raises.</summary>
    public int ExceptionsPerMinute { get; init; } = 5;

    /// <summary>ALERT_REJECTIONS_PER_WINDOW: order rejections within <see cref="RejectionWindow"/> at which the burst alert raises.</summary>
    public int RejectionsPerWindow { get; init; } = 5;

    /// <summary>ALERT_REJECTION_WINDOW_S.</summary>
    public TimeSpan RejectionWindow { get; init; } = TimeSpan.FromSeconds(600);

    /// <summary>
    /// ALERT_TRADE_OVERDUE_GRACE_S: how far past its timings' bound an open trade may stay, or how long an open trade may
    /// have no live orchestration, before it is overdue; covers activity retries, durable retry waits and queue polling.
    /// </summary>
    public TimeSpan TradeOverdueGrace { get; init; } = TimeSpan.FromSeconds(120);

    /// <summary>RECONCILIATION_INTERVAL (seconds, the seeds' name): how often on-chain balances are compared with the ledger.</summary>
    public TimeSpan ReconciliationInterval { get; init; } = TimeSpan.FromSeconds(900);

    /// <summary>RECONCILIATION_TOLERANCE_BPS: how far an on-chain balance may differ from the ledger's before it is a mismatch.</summary>
    public int ReconciliationToleranceBps { get; init; } = 10;

    /// <summary>ORACLE_SNAPSHOT_RETENTION_H: oracle snapshots older than this are deleted.</summary>
    public TimeSpan OracleSnapshotRetention { get; init; } = TimeSpan.FromHours(24);

    /// <summary>OUTBOX_RETENTION_DAYS: sent and failed outbox rows older than this are deleted (their dedupe keys with them).</summary>
    public TimeSpan OutboxRetention { get; init; } = TimeSpan.FromDays(7);

    /// <summary>The longest window any signal is read over; signal rows are kept a little longer.</summary>
    public TimeSpan LongestSignalWindow => new[] { LatencyWindow, RejectionWindow, TimeSpan.FromMinutes(1) }.Max();

    public static OperationsOptions Read(IConfiguration configuration, List<string> problems)
    {
        var reader = new SettingReader(configuration, problems);
        var defaults = new OperationsOptions();
        return new OperationsOptions
        {
            LatencyWindow = reader.Seconds("ALERT_LATENCY_WINDOW_S", defaults.LatencyWindow, 60, 3600),
            LatencyMinSamples = reader.Int("ALERT_LATENCY_MIN_SAMPLES", defaults.LatencyMinSamples, 1, 1_000_000),
            ApiErrorsPerMinute = reader.Int("ALERT_API_ERRORS_PER_MIN", defaults.ApiErrorsPerMinute, 1, 1_000_000),
            ExceptionsPerMinute = reader.Int("ALERT_EXCEPTIONS_PER_MIN", defaults.ExceptionsPerMinute, 1, 1_000_000),
            RejectionsPerWindow = reader.Int("ALERT_REJECTIONS_PER_WINDOW", defaults.RejectionsPerWindow, 1, 1_000_000),
            RejectionWindow = reader.Seconds("ALERT_REJECTION_WINDOW_S", defaults.RejectionWindow, 60, 3600),
            TradeOverdueGrace = reader.Seconds("ALERT_TRADE_OVERDUE_GRACE_S", defaults.TradeOverdueGrace, 1, 3600),
            ReconciliationInterval = reader.Seconds("RECONCILIATION_INTERVAL", defaults.ReconciliationInterval, 60, 86_400),
            ReconciliationToleranceBps = reader.Int("RECONCILIATION_TOLERANCE_BPS", defaults.ReconciliationToleranceBps, 0, 10_000),
            OracleSnapshotRetention = TimeSpan.FromHours(reader.Int("ORACLE_SNAPSHOT_RETENTION_H", (int)defaults.OracleSnapshotRetention.TotalHours, 1, 8760)),
            OutboxRetention = TimeSpan.FromDays(reader.Int("OUTBOX_RETENTION_DAYS", (int)defaults.OutboxRetention.TotalDays, 1, 365)),
        };
    }

    public IEnumerable<EffectiveSetting> Describe()
    {
        yield return Setting("ALERT_LATENCY_WINDOW_S", (long)LatencyWindow.TotalSeconds);
        yield return Setting("ALERT_LATENCY_MIN_SAMPLES", LatencyMinSamples);
        yield return Setting("ALERT_API_ERRORS_PER_MIN", ApiErrorsPerMinute);
        yield return Setting("ALERT_EXCEPTIONS_PER_MIN", ExceptionsPerMinute);
        yield return Setting("ALERT_REJECTIONS_PER_WINDOW", RejectionsPerWindow);
        yield return Setting("ALERT_REJECTION_WINDOW_S", (long)RejectionWindow.TotalSeconds);
        yield return Setting("ALERT_TRADE_OVERDUE_GRACE_S", (long)TradeOverdueGrace.TotalSeconds);
        yield return Setting("RECONCILIATION_INTERVAL", (long)ReconciliationInterval.TotalSeconds);
        yield return Setting("RECONCILIATION_TOLERANCE_BPS", ReconciliationToleranceBps);
        yield return Setting("ORACLE_SNAPSHOT_RETENTION_H", (long)OracleSnapshotRetention.TotalHours);
        yield return Setting("OUTBOX_RETENTION_DAYS", (long)OutboxRetention.TotalDays);
    }

    private static EffectiveSetting Setting(string name, long value) => new(name, value.ToString(CultureInfo.InvariantCulture));
}
