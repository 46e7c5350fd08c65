using ChainTrader.Core.Commands;

namespace ChainTrader.Application.Configuration;

/// <summary>
/// Flat settings with the names operators see in app settings, local.settings.json and the README table.
/// Bound with the options pattern; checked at start by <see cref="ChainTraderOptionsValidator"/>.
/// </summary>
public sealed class ChainTraderOptions
{
    [ConfigurationKeyName("TELEGRAM_BOT_TOKEN"), SecretSetting]
    public string TelegramBotToken { get; set; } = "";

    [ConfigurationKeyName("TELEGRAM_WEBHOOK_SECRET"), SecretSetting]
    public string TelegramWebhookSecret { get; set; } = "";

    [ConfigurationKeyName("TELEGRAM_API_BASE_URL")]
    public string TelegramApiBaseUrl { get; set; } = "https://api.telegram.org";

    /// <summary>Largest webhook body accepted; Telegram updates are a few KiB.</summary>
    [ConfigurationKeyName("TELEGRAM_WEBHOOK_MAX_BODY_BYTES")]
    public int TelegramWebhookMaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>The bot's username without @; commands addressed to another bot (/help@other_bot) are ignored. Blank accepts any.</summary>
    [ConfigurationKeyName("TELEGRAM_BOT_USERNAME")]
    public string TelegramBotUsername { get; set; } = "";

    /// <summary>Comma-separated Telegram user ids of allow-listed traders.</summary>
    [ConfigurationKeyName("ALLOWED_USER_IDS")]
    public string AllowedUserIds { get; set; } = "";

    /// <summary>Comma-separated Telegram user ids of admins (allow-listed too).</summary>
    [ConfigurationKeyName("ADMIN_USER_IDS")]
    public string AdminUserIds { get; set; } = "";

    /// <summary>Comma-separated Telegram user ids of super-admins (allow-listed and admins too).</summary>
    [ConfigurationKeyName("SUPER_ADMIN_IDS")]
    public string SuperAdminIds { get; set; } = "";

    /// <summary>
    /// The Telegram chat (usually a group, negative id) where admins may run admin commands besides their own private chat
    /// with the bot; blank: private chats only.
    /// </summary>
    [ConfigurationKeyName("ADMIN_CHAT_ID")]
    public string AdminChatId { get; set; } = "";

    /// <summary>ADMIN_CHAT_ID as a chat id; null when blank (the validator refuses anything else at start).</summary>
    public long? AdminChat() =>
        long.TryParse(AdminChatId.Trim(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var id) && id != 0
            ? id
            : null;

    /// <summary>The execution mode until an admin chooses one (the RuntimeGates table then rules): DRY_RUN, PAPER or LIVE.</summary>
    [ConfigurationKeyName("EXECUTION_MODE")]
    public string ExecutionMode { get; set; } = "DRY_RUN";

    /// <summary>How often each instance re-reads the shared runtime gates; a change is seen everywhere within this.</summary>
    [ConfigurationKeyName("GATES_POLL_INTERVAL_S")]
    public int GatesPollIntervalSeconds { get; set; } = 5;

    [ConfigurationKeyName("ENABLED_CHAINS")]
    public string EnabledChains { get; set; } = "devnet";

    [ConfigurationKeyName("DEVNET_MANIFEST")]
    public string? DevnetManifest { get; set; }

    [ConfigurationKeyName("RPC_TIMEOUT_S")]
    public int RpcTimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// How long a command that reads the chain live (/quote, /balance, /tx) may wait for RPC before it answers that the
    /// chain is slow: the webhook must answer Telegram within a second even while every endpoint hangs.
    /// </summary>
    [ConfigurationKeyName("COMMAND_RPC_BUDGET_MS")]
    public int CommandRpcBudgetMs { get; set; } = 700;

    /// <summary>How long /readyz waits for each dependency before calling it failed.</summary>
    [ConfigurationKeyName("READINESS_TIMEOUT_S")]
    public int ReadinessTimeoutSeconds { get; set; } = 5;

    /// <summary>The role lists; invalid entries are skipped here (the validator refuses them at start).</summary>
    public UserDirectory Users() => new(
        UserDirectory.ParseIdList(AllowedUserIds, "ALLOWED_USER_IDS", []),
        UserDirectory.ParseIdList(AdminUserIds, "ADMIN_USER_IDS", []),
        UserDirectory.ParseIdList(SuperAdminIds, "SUPER_ADMIN_IDS", []));

    public IReadOnlyList<string> EnabledChainNames =>
        EnabledChains.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
