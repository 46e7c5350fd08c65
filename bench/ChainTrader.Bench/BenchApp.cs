using System.Globalization;
using ChainTrader.Application.Notifications;
using ChainTrader.Application.Oracles;
using ChainTrader.Functions;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChainTrader.Bench;

/// <summary>
/// The real app as the benchmarks run it (standalone, on a free loopback port) against a running devnet and Azurite:
/// one trader who is also the admin, the desk's pacing and per-user limits off so many trades or orders can follow one
/// another, and warnings only on the console.
/// </summary>
internal static class BenchApp
{
    public const long Trader = 1;
    public const string WebhookSecret = "bench-secret";

    public static Dictionary<string, string?> Settings(string manifestPath, string storage, string taskHub)
    {
        var trader = Trader.ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string?>
        {
            ["DEVNET_MANIFEST"] = manifestPath,
            ["AzureWebJobsStorage"] = storage,
            ["TaskHubName"] = taskHub,
            ["TELEGRAM_WEBHOOK_SECRET"] = WebhookSecret,
            ["TELEGRAM_API_BASE_URL"] = "http://127.0.0.1:9",
            ["ALLOWED_USER_IDS"] = trader,
            // An admin too: admin commands answer, and LIVE's start-up demands someone to alert (and a chat for the alerts).
            ["ADMIN_USER_IDS"] = trader,
            ["ADMIN_CHAT_ID"] = trader,
            ["ORACLE_MIN_SOURCES"] = "1",
            // The devnet's feeds move only when someone posts a round: Chainlink's own bound is the feed's heartbeat.
            ["CHAINLINK_MAX_AGE_S"] = "3600",
            ["ORACLE_MAX_AGE_S"] = "300",
            ["TRADING_CAPITAL_USD"] = "100000000",
            // One trade after another: the desk's pacing and per-user limits would otherwise refuse most of them.
            ["MIN_SECONDS_BETWEEN_TRADES"] = "0",
            ["MIN_SECONDS_BETWEEN_SAME_SYMBOL"] = "0",
            ["MAX_TRADES_PER_HOUR"] = "10000",
            ["MAX_TRADES_PER_DAY"] = "10000",
            ["MAX_USER_TRADES_PER_DAY"] = "10000",
            ["MAX_OPENS_PER_MIN"] = "10000",
            ["MAX_USER_VOLUME_PER_HOUR_USD"] = "100000000",
        };
    }

    /// <summary>Builds and starts the app with <paramref name="settings"/>, its messages to <paramref name="notifier"/>; returns once ETH and USDC have usable prices.</summary>
    public static async Task<WebApplication> StartAsync(IReadOnlyDictionary<string, string?> settings, INotifier notifier)
    {
        var app = ChainTraderApp.Build(["--urls", "http://127.0.0.1:0"], name => name == "LOCAL_SETTINGS_PATH" ? "/nonexistent/local.settings.json" : null, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ").AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(LogLevel.Warning);
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton(notifier);
        });
        await app.StartAsync();
        var oracle = app.Services.GetRequiredService<IPriceOracle>();
        while (!(await oracle.CurrentAsync("ETH", default)).IsUsable || !(await oracle.CurrentAsync("USDC", default)).IsUsable)
            await Task.Delay(500);
        return app;
    }
}
