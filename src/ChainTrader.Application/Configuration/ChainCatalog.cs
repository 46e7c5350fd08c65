using System.Globalization;
using ChainTrader.Core.Chains;

namespace ChainTrader.Application.Configuration;

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
