using System.Globalization;
using ChainTrader.Application.Alerts;
using ChainTrader.Application.Telemetry;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Configuration;

/// <summary>
/// The effective settings of the app's own options, telemetry, each enabled chain, the alert pacing and the risk limits,
/// plus the storage connection. The oracles, the trading desk and the wallet watcher describe their own. Read after the
/// startup validator has passed, so every value here parsed.
/// </summary>
public sealed class AppEffectiveSettings(
    IOptions<ChainTraderOptions> options,
    IOptions<TelemetryOptions> telemetry,
    ChainCatalog chains,
    IConfiguration configuration) : IEffectiveSettingsSource
{
    public IEnumerable<EffectiveSetting> Describe()
    {
        foreach (var setting in OptionsSettings.Describe(options.Value)) yield return setting;
        foreach (var setting in OptionsSettings.Describe(telemetry.Value)) yield return setting;
        // Read straight from configuration (the storage registration parses it); it may carry an account key.
        yield return EffectiveSetting.SecretOf("AzureWebJobsStorage", configuration["AzureWebJobsStorage"]);
        foreach (var chain in chains.Chains)
        {
            yield return EffectiveSetting.SecretOf(ChainCatalog.Key(chain.Name, "RPC_URLS"), string.Join(',', chain.RpcUrls));
            yield return new EffectiveSetting(ChainCatalog.Key(chain.Name, "CONFIRMATIONS"), chain.Confirmations.ToString(CultureInfo.InvariantCulture));
        }

        var policy = AlertOptions.PolicyFromConfiguration(configuration, []);
        yield return new EffectiveSetting("ALERT_DEDUPE_S", ((long)policy.Dedupe.TotalSeconds).ToString(CultureInfo.InvariantCulture));
        yield return new EffectiveSetting("ALERT_ESCALATE_S", ((long)policy.Escalate.TotalSeconds).ToString(CultureInfo.InvariantCulture));

        foreach (var setting in RiskSettings.Describe(RiskSettings.Bind(configuration, []))) yield return setting;
    }
}
