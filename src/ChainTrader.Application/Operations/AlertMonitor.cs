using System.Globalization;
using ChainTrader.Core.Risk;
using ChainTrader.Application.Alerts;
using ChainTrader.Application.Chains;
using ChainTrader.Application.Gates;
using ChainTrader.Application.Telemetry;
using ChainTrader.Application.Trades;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Operations;

/// <summary>
/// Evaluates every condition of the alert matrix and hands each to <see cref="AlertService"/>, which raises, dedupes,
/// escalates and announces recovery. Run by the AlertSweep timer every 30 s. A condition whose source is not part of
/// this deployment (no ledger, no oracle verdicts yet) is not evaluated, and a condition whose source fails this time
/// keeps its last state; neither is ever reported as healthy.
/// </summary>
public sealed class AlertMonitor(
    AlertService alerts,
    IRuntimeGates gates,
    OperationalSignals signals,
    BalanceReconciler reconciliation,
    OperationsOptions options,
    RiskLimits limits,
    IOptions<TelemetryOptions> telemetry,
    IPortfolioSource? portfolio,
    ITradableUniverseSource? universe,
    ILogger<AlertMonitor> logger,
    ChainStateGuard? chainState = null,
    NonceAlertSource? nonces = null,
    OverdueTradeAlertSource? overdue = null)
{
    private static readonly TimeSpan BurstWindow = TimeSpan.FromMinutes(1);

    /// <summary>Conditions this deployment cannot evaluate, with the missing source (logged by the sweep).</summary>
    public IReadOnlyList<string> Unwired { get; } =
    [
        .. portfolio is null ? new[] { $"{AlertKeys.DailyStop}, {AlertKeys.WeeklyStop}, {AlertKeys.MaxDrawdown}: no {nameof(IPortfolioSource)} (trade ledger) registered" } : [],
        .. universe is null ? new[] { $"{AlertKeys.EmptyUniverse}: no {nameof(ITradableUniverseSource)} (oracle verdicts) registered" } : [],
    ];

    public async Task<IReadOnlyList<AlertOutcome>> EvaluateAsync(CancellationToken cancellationToken)
    {
        var conditions = new List<(string Key, bool Active, string Summary)>();
        await CollectAsync("gates", conditions, KillSwitchAsync, cancellationToken);
        if (portfolio is not null) await CollectAsync("portfolio", conditions, BreakersAsync, cancellationToken);
        await CollectAsync("signals", conditions, SignalsAsync, cancellationToken);
        if (universe is not null) await CollectAsync("universe", conditions, UniverseAsync, cancellationToken);
        await CollectAsync("reconciliation", conditions, ReconciliationAsync, cancellationToken);
        if (chainState is not null) await CollectAsync("chain state", conditions, ChainStateAsync, cancellationToken);
        if (nonces is not null) await CollectAsync("nonces", conditions, async ct => [await nonces.EvaluateAsync(ct)], cancellationToken);
        if (overdue is not null) await CollectAsync("trade orchestrations", conditions, async ct => [await overdue.EvaluateAsync(ct)], cancellationToken);

        var outcomes = new List<AlertOutcome>();
        foreach (var (key, active, summary) in conditions)
            outcomes.Add(new AlertOutcome(key, active, await alerts.EvaluateAsync(key, active, summary, cancellationToken)));
        return outcomes;
    }

    private async Task CollectAsync(string source, List<(string, bool, string)> into,
        Func<CancellationToken, Task<IEnumerable<(string, bool, string)>>> read, CancellationToken cancellationToken)
    {
        try
        {
            into.AddRange(await read(cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Its alerts keep their state until the source answers again; the failure itself feeds the exception burst.
            logger.LogError(ex, "Alert sweep: the {AlertSource} conditions could not be read", source);
        }
    }

    private async Task<IEnumerable<(string, bool, string)>> KillSwitchAsync(CancellationToken cancellationToken)
    {
        var current = await gates.CurrentAsync(cancellationToken);
        var stop = current.Details[Core.Commands.Gate.EmergencyStop];
        var summary = current.EmergencyStop
            ? $"Emergency stop is engaged{By(stop)}{(stop.Reason is { Length: > 0 } reason ? $": {reason}" : "")}. No trade opens until a super-admin sends /emergency_resume."
            : $"Emergency stop released{By(stop)}; trades may open again.";
        return [(AlertKeys.KillSwitch, current.EmergencyStop, summary)];
    }

    private static string By(Gates.StoredGate state) =>
        state.ChangedBy is { } who
            ? $" by user {who.ToString(CultureInfo.InvariantCulture)}{(state.ChangedAt is { } at ? $" at {at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC" : "")}"
            : "";

    private async Task<IEnumerable<(string, bool, string)>> BreakersAsync(CancellationToken cancellationToken)
    {
        var snapshot = await portfolio!.CurrentAsync(cancellationToken);
        if (snapshot is null) return [];
        var breakers = RiskRules.Breakers(snapshot, limits);
        var keys = new[] { AlertKeys.DailyStop, AlertKeys.WeeklyStop, AlertKeys.MaxDrawdown };
        var what = new[] { $"loss today (NAV {Usd(snapshot.NavUsd)}, {Usd(snapshot.DayStartNavUsd)} at the start of the UTC day)",
            $"loss this week (NAV {Usd(snapshot.NavUsd)}, {Usd(snapshot.WeekStartNavUsd)} at the start of Monday)", $"drawdown from the peak NAV {Usd(snapshot.PeakNavUsd)}" };
        return breakers.Select((b, i) => (keys[i], b.Tripped, b.Tripped
            ? $"{Pct(b.LossPercent)} {what[i]} reached the {Pct(b.LimitPercent)} limit: new buys are refused; sells stay possible."
            : $"{Pct(b.LossPercent)} {what[i]} is back under the {Pct(b.LimitPercent)} limit."));
    }

    private async Task<IEnumerable<(string, bool, string)>> SignalsAsync(CancellationToken cancellationToken)
    {
        var minute = await signals.ReadAsync(BurstWindow, cancellationToken);
        var latency = options.LatencyWindow == BurstWindow ? minute : await signals.ReadAsync(options.LatencyWindow, cancellationToken);
        var rejections = options.RejectionWindow == BurstWindow ? minute : await signals.ReadAsync(options.RejectionWindow, cancellationToken);
        var thresholdMs = telemetry.Value.LatencyWarnMs;
        return
        [
            Latency(AlertKeys.WebhookLatency, "webhook answers", latency[SignalKind.WebhookAnswered], latency[SignalKind.WebhookSlow], thresholdMs),
            Latency(AlertKeys.RpcLatency, "RPC exchanges", latency[SignalKind.RpcExchange], latency[SignalKind.RpcSlow], thresholdMs),
            Burst(AlertKeys.RpcErrors, "RPC errors", minute[SignalKind.RpcError], options.ApiErrorsPerMinute, BurstWindow),
            Burst(AlertKeys.TelegramErrors, "Telegram API errors", minute[SignalKind.TelegramError], options.ApiErrorsPerMinute, BurstWindow),
            Burst(AlertKeys.Exceptions, "errors logged with an exception", minute[SignalKind.Exception], options.ExceptionsPerMinute, BurstWindow),
            Burst(AlertKeys.OrderRejections, "order rejections", rejections[SignalKind.OrderRejection], options.RejectionsPerWindow, options.RejectionWindow),
        ];
    }

    /// <summary>
    /// The p95 (nearest rank) is above the threshold exactly when more than n − ⌈0.95·n⌉ samples are: no sample values are
    /// needed, only how many were slow, which sums across instances.
    /// </summary>
    public static bool P95Above(long samples, long slow) => samples > 0 && slow > samples - (long)Math.Ceiling(samples * 0.95m);

    private (string, bool, string) Latency(string key, string what, long samples, long slow, int thresholdMs)
    {
        var active = samples >= options.LatencyMinSamples && P95Above(samples, slow);
        var window = Seconds(options.LatencyWindow);
        return (key, active, active
            ? $"p95 of {what} is over LATENCY_WARN_MS {thresholdMs} ms: {slow} of {samples} in the last {window} took {thresholdMs} ms or more."
            : $"p95 of {what} is under LATENCY_WARN_MS {thresholdMs} ms again ({slow} of {samples} slow in the last {window}).");
    }

    private static (string, bool, string) Burst(string key, string what, long count, int threshold, TimeSpan window)
    {
        var active = count >= threshold;
        return (key, active, active
            ? $"{count} {what} in the last {Seconds(window)} (alert at {threshold})."
            : $"{what} are back under {threshold} per {Seconds(window)} ({count} in the last {Seconds(window)}).");
    }

    private async Task<IEnumerable<(string, bool, string)>> UniverseAsync(CancellationToken cancellationToken)
    {
        var current = await universe!.CurrentAsync(cancellationToken);
        if (current is null) return [];
        var empty = current.Tradable.Count == 0;
        var reasons = string.Join("; ", current.Untradable.Select(u => $"{u.Symbol}: {u.Reason}"));
        return [(AlertKeys.EmptyUniverse, empty, empty
            ? $"No symbol is tradable (oracle verdicts of {current.AssessedAt.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC){(reasons.Length > 0 ? $" — {reasons}" : "")}. Every trade is refused until a price is usable."
            : $"Tradable again: {string.Join(", ", current.Tradable)}.")];
    }

    private async Task<IEnumerable<(string, bool, string)>> ReconciliationAsync(CancellationToken cancellationToken) =>
        (await reconciliation.LatestAsync(cancellationToken)).Select(r => (AlertKeys.Reconciliation(r.Chain), r.MismatchCount > 0, r.MismatchCount > 0
            ? $"On-chain balances differ from the ledger on {r.Chain} at block {r.Block} ({r.MismatchCount} of {r.Checked}): {r.Mismatches}"
            : $"On-chain balances match the ledger on {r.Chain} at block {r.Block} ({r.Checked} checked)."));

    // Only verdicts already reached (at start, by /readyz or by a trade): asking a chain that is down here would hold the
    // sweep for the RPC pool's whole retry budget, and the rpc.down alert already covers that chain.
    private Task<IEnumerable<(string, bool, string)>> ChainStateAsync(CancellationToken cancellationToken) =>
        Task.FromResult(chainState!.KnownVerdicts().Select(v => (AlertKeys.ChainState(v.Chain), !v.TradingAllowed, v.Summary)));

    private static string Seconds(TimeSpan span) => span.TotalSeconds % 60 == 0 ? $"{span.TotalMinutes:0} min" : $"{span.TotalSeconds:0} s";

    private static string Usd(decimal value) => "$" + value.ToString("#,0.00", CultureInfo.InvariantCulture);

    private static string Pct(decimal value) => value.ToString("0.##", CultureInfo.InvariantCulture) + " %";
}
