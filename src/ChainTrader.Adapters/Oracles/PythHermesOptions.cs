using Microsoft.Extensions.Configuration;

namespace ChainTrader.Adapters.Oracles;

public sealed class PythHermesOptions
{
    /// <summary>
    /// PYTH_HERMES_ENDPOINT: Hermes' base URL (https://hermes.pyth.network). The full latest-price URL
    /// (…/v2/updates/price/latest, as the seeds wrote it) is accepted too. It may carry a provider token, so it is never logged.
    /// </summary>
    [ConfigurationKeyName("PYTH_HERMES_ENDPOINT")]
    public string Endpoint { get; set; } = "https://hermes.pyth.network";

    [ConfigurationKeyName("PYTH_HERMES_TIMEOUT_S")]
    public int TimeoutSeconds { get; set; } = 10;
}
