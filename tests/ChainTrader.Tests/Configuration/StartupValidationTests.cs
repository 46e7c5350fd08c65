using ChainTrader.Application.Configuration;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace ChainTrader.Tests.Configuration;

public class StartupValidationTests
{
    [Fact]
    public async Task BrokenConfigurationStopsTheAppWithEveryProblemListed()
    {
        var settings = new Dictionary<string, string?>
        {
            ["TELEGRAM_WEBHOOK_SECRET"] = "has spaces!",
            ["AzureWebJobsStorage"] = "AccountName=x",
            ["ENABLED_CHAINS"] = "devnet,ethereum,narnia",
            ["CHAIN_DEVNET_RPC_URLS"] = "ftp://127.0.0.1/",
            ["CHAIN_DEVNET_CONFIRMATIONS"] = "0",
            ["RPC_TIMEOUT_S"] = "0",
            ["TELEGRAM_API_BASE_URL"] = "not a url",
            // Pasted with the URL path's "bot" prefix: a secret, so the problem must not repeat it.
            ["TELEGRAM_BOT_TOKEN"] = "bot7340021:AAH-pasted-SECRET",
        };

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => AppHost.StartAsync(settings));

        Assert.Collection(error.Failures.Order(StringComparer.Ordinal),
            f => Assert.StartsWith("AzureWebJobsStorage: ", f),
            f => Assert.Equal("CHAIN_DEVNET_CONFIRMATIONS: \"0\" is not a whole number from 1 to 1000.", f),
            f => Assert.Equal("CHAIN_DEVNET_RPC_URLS: chain 'devnet' is enabled but has no RPC URL (comma-separated list).", f),
            f => Assert.Equal("CHAIN_DEVNET_RPC_URLS: entry 1 is not an http(s) URL.", f),
            f => Assert.Equal("CHAIN_ETHEREUM_RPC_URLS: chain 'ethereum' is enabled but has no RPC URL (comma-separated list).", f),
            f => Assert.StartsWith("ENABLED_CHAINS: unknown chain 'narnia'; known: ", f),
            f => Assert.Equal("RPC_TIMEOUT_S: 0 is outside 1-300.", f),
            f => Assert.Equal("TELEGRAM_API_BASE_URL: \"not a url\" is not an absolute URL.", f),
            f => Assert.StartsWith("TELEGRAM_BOT_TOKEN: not a bot token as @BotFather gives it", f),
            f => Assert.StartsWith("TELEGRAM_WEBHOOK_SECRET: Telegram allows 1-256 characters", f));
        Assert.DoesNotContain(error.Failures, f => f.Contains("pasted", StringComparison.Ordinal));
    }

    [Fact]
    public void DevnetTakesItsRpcUrlChainIdAndRouterFromTheManifest()
    {
        var manifest = Path.Combine(Path.GetTempPath(), $"manifest-{Guid.NewGuid():N}.json");
        File.WriteAllText(manifest, """
            { "chainId": 31337, "rpcUrl": "http://127.0.0.1:18545",
              "accounts": [], "contracts": { "weth": "0x1", "factory": "0x2", "router": "0x3", "sequencerUptimeFeed": "0x4" },
              "tokens": {}, "feeds": {}, "pairs": {} }
            """);
        var problems = new List<string>();
        var options = new ChainTraderOptions { DevnetManifest = manifest };
        var catalog = ChainCatalog.Build(options, new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build(), problems);

        Assert.Empty(problems);
        var devnet = catalog.Get("devnet");
        Assert.Equal(new Uri("http://127.0.0.1:18545"), Assert.Single(devnet.RpcUrls));
        Assert.Equal("0x3", devnet.DexRouter);
        Assert.Contains("not enabled", Assert.Throws<KeyNotFoundException>(() => catalog.Get("base")).Message);
    }
}
