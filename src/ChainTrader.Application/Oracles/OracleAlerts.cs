using ChainTrader.Core.Alerts;
using ChainTrader.Core.Oracles;
using ChainTrader.Application.Alerts;

namespace ChainTrader.Application.Oracles;

/// <summary>
/// Maps oracle verdicts and RPC health to admin alerts, one key per condition (AlertService dedupes, escalates and
/// recovers each):
/// <list type="bullet">
/// <item><c>oracle.stale:{SYM}</c>: a source too old, in the future, carried over from an earlier round, unreadable, or too few sources;</item>
/// <item><c>oracle.range:{SYM}</c>: a zero, negative, unrepresentable or out-of-range value;</item>
/// <item><c>oracle.disagree:{SYM}</c>: sources (or the DEX quote) disagree, or Pyth's confidence interval is too wide;</item>
/// <item><c>oracle.sequencer:{chain}</c>: the L2 sequencer is down, in its grace period, or unreadable;</item>
/// <item><c>rpc.down:{chain}</c>: no endpoint of the chain is healthy (from RpcHealth).</item>
/// </list>
/// A read failure on a chain whose every endpoint is down is left to <c>rpc.down</c>, so one outage is one alert.
/// Without ADMIN_USER_IDS there is nobody to alert: that is logged once and the conditions are still logged.
/// </summary>
public sealed class OracleAlerts(IServiceProvider services, ILogger<OracleAlerts> logger)
{
    private AlertService? _alerts;
    private bool _unavailableLogged;

    public static string StaleKey(string symbol) => $"oracle.stale:{symbol}";
    public static string RangeKey(string symbol) => $"oracle.range:{symbol}";
    public static string DisagreeKey(string symbol) => $"oracle.disagree:{symbol}";
    public static string SequencerKey(string chain) => $"oracle.sequencer:{chain}";
    public static string RpcDownKey(string chain) => $"rpc.down:{chain}";

    /// <summary>Evaluates every oracle key for these assessments; <paramref name="downChains"/> are chains whose read failed entirely.</summary>
    public async Task EvaluateAsync(IReadOnlyList<PriceAssessment> assessments, IReadOnlyCollection<string> chainsWithSequencer,
        IReadOnlyCollection<string> downChains, CancellationToken cancellationToken)
    {
        foreach (var assessment in assessments)
        {
            var symbol = assessment.Symbol;
            var failures = assessment.Failures
                .Where(f => !(f.Rule == OracleRule.ReadFailed && downChains.Any(c => f.Source.EndsWith($" on {c}", StringComparison.Ordinal))))
                .ToList();
            await EvaluateAsync(StaleKey(symbol), failures, [OracleRule.Stale, OracleRule.FutureTimestamp, OracleRule.IncompleteRound, OracleRule.ReadFailed,
                OracleRule.InsufficientSources], $"{symbol}/USD prices are fresh again: {assessment.Summary}", assessment, cancellationToken);
            await EvaluateAsync(RangeKey(symbol), failures, [OracleRule.NonPositive, OracleRule.Unrepresentable, OracleRule.SanityRange],
                $"{symbol}/USD values are in range again: {assessment.Summary}", assessment, cancellationToken);
            await EvaluateAsync(DisagreeKey(symbol), failures, [OracleRule.Deviation, OracleRule.DexOutlier, OracleRule.DexInvalid, OracleRule.WideConfidence],
                $"{symbol}/USD sources agree again: {assessment.Summary}", assessment, cancellationToken);
        }

        foreach (var chain in chainsWithSequencer.Where(c => !downChains.Contains(c)))
        {
            var source = $"sequencer on {chain}";
            var failures = assessments.SelectMany(a => a.Failures).Where(f => f.Source == source).DistinctBy(f => f.Message).ToList();
            await RaiseOrClearAsync(SequencerKey(chain), failures.Count > 0,
                failures.Count > 0 ? $"Prices on {chain} are not trusted: {string.Join("; ", failures.Select(f => f.Message))}"
                    : $"The {chain} sequencer is up and past its grace period.", cancellationToken);
        }
    }

    /// <summary>Raises or clears one alert key; a no-op (logged once) when alerts are not configured.</summary>
    public async Task RaiseOrClearAsync(string key, bool active, string summary, CancellationToken cancellationToken)
    {
        if (Service() is not { } alerts)
        {
            if (active) logger.LogWarning("Alert condition {AlertKey} (no admin chat configured): {Summary}", key, summary);
            return;
        }
        var action = await alerts.EvaluateAsync(key, active, summary, cancellationToken);
        if (action != AlertAction.None)
            logger.LogInformation("Alert {AlertKey}: {AlertAction}", key, action);
    }

    private Task EvaluateAsync(string key, IReadOnlyList<OracleRuleFailure> failures, OracleRule[] rules, string recovered, PriceAssessment assessment,
        CancellationToken cancellationToken)
    {
        var matching = failures.Where(f => rules.Contains(f.Rule)).ToList();
        var summary = matching.Count > 0
            ? $"{assessment.Symbol}/USD is not usable: {string.Join("; ", matching.Select(f => f.Message))}" +
              (assessment.LastGood is { } good ? $". Last good {OracleRules.Format(good.Price)} at {good.At:yyyy-MM-dd HH:mm:ss}Z, shown as stale." : ".")
            : recovered;
        return RaiseOrClearAsync(key, matching.Count > 0, summary, cancellationToken);
    }

    private AlertService? Service()
    {
        if (_alerts is not null)
            return _alerts;
        try
        {
            return _alerts = services.GetRequiredService<AlertService>();
        }
        catch (InvalidOperationException ex)
        {
            if (!_unavailableLogged)
            {
                _unavailableLogged = true;
                logger.LogError("Admin alerts are off: {Reason}", ex.Message);
            }
            return null;
        }
    }
}
