using Microsoft.Extensions.Configuration;

namespace ChainTrader.Functions.Configuration;

/// <summary>
/// Flat settings with the names operators see in app settings, local.settings.json and the README table.
/// Bound with the options pattern; checked at start by <see cref="ChainTraderOptionsValidator"/>.
/// </summary>
public sealed class ChainTraderOptions
{
    [ConfigurationKeyName("TELEGRAM_BOT_TOKEN")]
    public string TelegramBotToken { get; set; } = "";

    [ConfigurationKeyName("TELEGRAM_WEBHOOK_SECRET")]
    public string TelegramWebhookSecret { get; set; } = "";

    [ConfigurationKeyName("TELEGRAM_API_BASE_URL")]
    public string TelegramApiBaseUrl { get; set; } = "https://api.telegram.org";

    /// <summary>Largest webhook body accepted; Telegram updates are a few KiB.</summary>
    [ConfigurationKeyName("TELEGRAM_WEBHOOK_MAX_BODY_BYTES")]
    public int TelegramWebhookMaxBodyBytes { get; set; } = 256 * 1024;

    [ConfigurationKeyName("ENABLED_CHAINS")]
    public string EnabledChains { get; set; } = "devnet";

    [ConfigurationKeyName("DEVNET_MANIFEST")]
    public string? DevnetManifest { get; set; }

    [ConfigurationKeyName("RPC_TIMEOUT_S")]
    public int RpcTimeoutSeconds { get; set; } = 30;

    /// <summary>How long /readyz waits for each dependency before calling it failed.</summary>
    [ConfigurationKeyName("READINESS_TIMEOUT_S")]
    public int ReadinessTimeoutSeconds { get; set; } = 5;

    public IReadOnlyList<string> EnabledChainNames =>
        EnabledChains.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
