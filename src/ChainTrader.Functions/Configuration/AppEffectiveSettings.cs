using System.Globalization;
using ChainTrader.Core.Oracles;
using ChainTrader.Functions.Alerts;
using ChainTrader.Functions.Telemetry;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Configuration;

/// <summary>
/// The effective settings of the parts that exist today: the app's own options, telemetry, each enabled chain, the
/// alert pacing, the risk limits and the oracle thresholds, plus the secrets outside those classes. Read after the
/// startup validator has passed, so every value here parsed.
/// </summary>
public sealed class AppEffectiveSettings(
    IOptions<ChainTraderOptions> options,
    IOptions<TelemetryOptions> telemetry,
    ChainCatalog chains,
    IConfiguration configuration) : IEffectiveSettingsSource
{
    /// <summary>Secret settings read straight from configuration (not bound to an options class).</summary>
    public static IReadOnlyList<string> LooseSecrets { get; } = ["SIGNER_PRIVATE_KEY", "AzureWebJobsStorage"];

    public IEnumerable<EffectiveSetting> Describe()
    {
        foreach (var setting in OptionsSettings.Describe(options.Value)) yield return setting;
        foreach (var setting in OptionsSettings.Describe(telemetry.Value)) yield return setting;
        foreach (var name in LooseSecrets) yield return EffectiveSetting.SecretOf(name, configuration[name]);
        foreach (var chain in chains.Chains)
        {
            yield return EffectiveSetting.SecretOf(ChainCatalog.Key(chain.Name, "RPC_URLS"), string.Join(',', chain.RpcUrls));
            yield return new EffectiveSetting(ChainCatalog.Key(chain.Name, "CONFIRMATIONS"), chain.Confirmations.ToString(CultureInfo.InvariantCulture));
        }

        var policy = AlertOptions.PolicyFromConfiguration(configuration, []);
        yield return new EffectiveSetting("ALERT_DEDUPE_S", ((long)policy.Dedupe.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        yield return new EffectiveSetting("ALERT_ESCALATE_S", ((long)policy.Escalate.TotalSeconds).ToString(CultureInfo.InvariantCulture));

        foreach (var setting in RiskSettings.Describe(RiskSettings.Bind(configuration, []))) yield return setting;

        var oracle = OracleOptions.FromSettings(key => configuration[key], SymbolNormalizer.Default.SupportedSymbols);
        yield return Seconds("ORACLE_MAX_AGE_S", oracle.MaxAge);
        yield return new EffectiveSetting("CHAINLINK_MAX_AGE_S", oracle.ChainlinkMaxAge is { } chainlink ? Format(chainlink.TotalSeconds) : "");
        yield return Seconds("ORACLE_HEARTBEAT_TOLERANCE_S", oracle.HeartbeatTolerance);
        yield return Seconds("ORACLE_MAX_CLOCK_SKEW_S", oracle.MaxClockSkew);
        yield return new EffectiveSetting("ORACLE_MAX_DEVIATION_BPS", Format(oracle.MaxDeviationBps));
        yield return new EffectiveSetting("PYTH_MAX_CONFIDENCE_BPS", Format(oracle.PythMaxConfidenceBps));
        yield return Seconds("SEQUENCER_GRACE_PERIOD_S", oracle.SequencerGracePeriod);
        yield return new EffectiveSetting("ORACLE_MIN_SOURCES", Format(oracle.MinSources));
        foreach (var (symbol, range) in oracle.SanityRanges)
        {
            yield return new EffectiveSetting($"CHAINLINK_SANITY_{symbol}_MIN", Format(range.Min));
            yield return new EffectiveSetting($"CHAINLINK_SANITY_{symbol}_MAX", Format(range.Max));
        }
    }

    private static EffectiveSetting Seconds(string name, TimeSpan value) => new(name, Format(value.TotalSeconds));

    private static string Format(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
