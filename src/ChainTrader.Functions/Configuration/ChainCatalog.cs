using System.Globalization;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Chains;
using ChainTrader.Core.Commands;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Configuration;

/// <summary>
/// The enabled chains: each a preset overlaid with CHAIN_{NAME}_* settings; the devnet takes its RPC URL,
/// chain id and router from the deploy manifest when DEVNET_MANIFEST points at one.
/// </summary>
public sealed class ChainCatalog
{
    public ChainCatalog(IReadOnlyList<ChainDefinition> chains, DevnetManifest? devnet)
    {
        Chains = chains;
        Devnet = devnet;
    }

    public IReadOnlyList<ChainDefinition> Chains { get; }
    public DevnetManifest? Devnet { get; }

    public ChainDefinition Get(string name) =>
        Chains.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new KeyNotFoundException($"Chain '{name}' is not enabled; enabled: {string.Join(", ", Chains.Select(c => c.Name))}.");

    /// <summary>Builds the catalog, collecting every problem instead of stopping at the first.</summary>
    public static ChainCatalog Build(ChainTraderOptions options, IConfiguration configuration, List<string> problems)
    {
        DevnetManifest? manifest = null;
        if (!string.IsNullOrWhiteSpace(options.DevnetManifest))
        {
            try { manifest = DevnetManifest.Load(options.DevnetManifest); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException or InvalidDataException)
            {
                problems.Add($"DEVNET_MANIFEST: cannot read {options.DevnetManifest}: {ex.Message}");
            }
        }

        var chains = new List<ChainDefinition>();
        var names = options.EnabledChainNames;
        if (names.Count == 0) problems.Add("ENABLED_CHAINS: no chain is enabled.");
        foreach (var name in names)
        {
            if (!ChainPresets.All.TryGetValue(name, out var preset))
            {
                problems.Add($"ENABLED_CHAINS: unknown chain '{name}'; known: {string.Join(", ", ChainPresets.All.Keys)}.");
                continue;
            }
            var chain = preset;
            if (manifest is not null && chain.Name == "devnet")
                chain = chain with { ChainId = manifest.ChainId, RpcUrls = [new Uri(manifest.RpcUrl)], DexRouter = manifest.Contracts.Router };
            chain = Overlay(chain, configuration, problems);
            if (chain.RpcUrls.Count == 0)
                problems.Add($"{Key(chain.Name, "RPC_URLS")}: chain '{chain.Name}' is enabled but has no RPC URL (comma-separated list).");
            chains.Add(chain);
        }
        return new ChainCatalog(chains, manifest);
    }

    public static string Key(string chain, string setting) => $"CHAIN_{chain.ToUpperInvariant()}_{setting}";

    private static ChainDefinition Overlay(ChainDefinition chain, IConfiguration configuration, List<string> problems)
    {
        var urls = configuration[Key(chain.Name, "RPC_URLS")];
        if (!string.IsNullOrWhiteSpace(urls))
        {
            var parsed = new List<Uri>();
            foreach (var text in urls.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
                    parsed.Add(uri);
                else
                    problems.Add($"{Key(chain.Name, "RPC_URLS")}: entry {parsed.Count + 1} is not an http(s) URL.");
            }
            chain = chain with { RpcUrls = parsed };
        }

        var confirmations = configuration[Key(chain.Name, "CONFIRMATIONS")];
        if (!string.IsNullOrWhiteSpace(confirmations))
        {
            if (int.TryParse(confirmations, NumberStyles.None, CultureInfo.InvariantCulture, out var depth) && depth is >= 1 and <= 1000)
                chain = chain with { Confirmations = depth };
            else
                problems.Add($"{Key(chain.Name, "CONFIRMATIONS")}: \"{confirmations}\" is not a whole number from 1 to 1000.");
        }
        return chain;
    }
}

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
