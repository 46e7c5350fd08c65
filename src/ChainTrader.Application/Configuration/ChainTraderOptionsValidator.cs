using ChainTrader.Adapters.Storage;
using ChainTrader.Adapters.Telegram;
using ChainTrader.Core.Commands;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Configuration;

/// <summary>Checks every setting at start and lists every problem at once (fail fast, never just the first).</summary>
public sealed class ChainTraderOptionsValidator(IConfiguration configuration) : IValidateOptions<ChainTraderOptions>
{
    public ValidateOptionsResult Validate(string? name, ChainTraderOptions options)
    {
        var problems = new List<string>();
        if (!Uri.TryCreate(options.TelegramApiBaseUrl, UriKind.Absolute, out _))
            problems.Add($"TELEGRAM_API_BASE_URL: \"{options.TelegramApiBaseUrl}\" is not an absolute URL.");
        if (string.IsNullOrEmpty(options.TelegramWebhookSecret))
            problems.Add("TELEGRAM_WEBHOOK_SECRET: required; the webhook refuses every update without it.");
        else if (options.TelegramWebhookSecret.Length > 256 || !options.TelegramWebhookSecret.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            problems.Add("TELEGRAM_WEBHOOK_SECRET: Telegram allows 1-256 characters of A-Z, a-z, 0-9, _ and -.");
        // The token is a secret: the problem names its expected shape, never the value.
        if (!string.IsNullOrEmpty(options.TelegramBotToken) && !TelegramBotApi.IsWellFormedToken(options.TelegramBotToken))
            problems.Add("TELEGRAM_BOT_TOKEN: not a bot token as @BotFather gives it (the bot's id, a colon, then letters, digits, _ and -, " +
                         "without a \"bot\" prefix, quotes or spaces); the value is not shown.");
        if (options.CommandRpcBudgetMs is < 100 or > 30_000)
            problems.Add($"COMMAND_RPC_BUDGET_MS: {options.CommandRpcBudgetMs} is outside 100-30000.");
        if (options.TelegramWebhookMaxBodyBytes is < 1024 or > 10 * 1024 * 1024)
            problems.Add($"TELEGRAM_WEBHOOK_MAX_BODY_BYTES: {options.TelegramWebhookMaxBodyBytes} is outside 1024-10485760.");
        if (options.RpcTimeoutSeconds is < 1 or > 300)
            problems.Add($"RPC_TIMEOUT_S: {options.RpcTimeoutSeconds} is outside 1-300.");
        if (options.ReadinessTimeoutSeconds is < 1 or > 60)
            problems.Add($"READINESS_TIMEOUT_S: {options.ReadinessTimeoutSeconds} is outside 1-60.");
        UserDirectory.ParseIdList(options.AllowedUserIds, "ALLOWED_USER_IDS", problems);
        UserDirectory.ParseIdList(options.AdminUserIds, "ADMIN_USER_IDS", problems);
        UserDirectory.ParseIdList(options.SuperAdminIds, "SUPER_ADMIN_IDS", problems);
        if (!string.IsNullOrWhiteSpace(options.AdminChatId) && options.AdminChat() is null)
            problems.Add($"ADMIN_CHAT_ID: \"{options.AdminChatId}\" is not a Telegram chat id (a whole number other than 0; groups are negative).");
        if (!ExecutionModes.TryParse(options.ExecutionMode, out _))
            problems.Add($"EXECUTION_MODE: \"{options.ExecutionMode}\" is not DRY_RUN, PAPER or LIVE.");
        if (options.GatesPollIntervalSeconds is < 1 or > 300)
            problems.Add($"GATES_POLL_INTERVAL_S: {options.GatesPollIntervalSeconds} is outside 1-300.");
        if (options.TelegramBotUsername.Length > 0 && !options.TelegramBotUsername.TrimStart('@').All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            problems.Add($"TELEGRAM_BOT_USERNAME: \"{options.TelegramBotUsername}\" is not a Telegram username (letters, digits and _).");
        try { StorageConnectionFactory.FromConfiguration(configuration); }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException)
        {
            problems.Add($"{StorageConnectionFactory.DefaultConnectionName}: {ex.Message}");
        }
        ChainCatalog.Build(options, configuration, problems);
        ConfigurationSafety.Check(options, configuration, problems);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
