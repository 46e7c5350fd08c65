using System.Numerics;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;
using Nethereum.ABI.Model;
using ChainTrader.Core.Oracles;
using ChainTrader.Application.Oracles;
using ChainTrader.Tests.Contracts;
using ChainTrader.Tests.Infrastructure;
using ChainTrader.Tests.Webhook;
using Microsoft.Extensions.DependencyInjection;

namespace ChainTrader.Tests.Oracles;

/// <summary>
/// The app as the Functions host runs it (no own timers) over a private Azurite and the shared devnet, with a manual
/// clock starting at the chain's time, a recording notifier, and helpers to drive the devnet's mock aggregators.
/// </summary>
public sealed class OracleDevnet : IAsyncDisposable
{
    public const long Trader = 1001, Admin = 2002;

    private static readonly FunctionABI SetRoundData = AbiDeclarations.Function(
        "function setRoundData(uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)");
    private static long _nextUpdateId = 700_000_000 + Random.Shared.Next(1_000_000) * 100L;
    private static int _nextRound = 1000;

    private OracleDevnet(DevnetChain chain, AzuriteServer azurite, AppHost app, ManualClock clock, RecordingNotifier notifier)
    {
        Chain = chain;
        Azurite = azurite;
        App = app;
        Clock = clock;
        Notifier = notifier;
    }

    public DevnetChain Chain { get; }
    public AzuriteServer Azurite { get; }
    public AppHost App { get; }
    public ManualClock Clock { get; }
    public RecordingNotifier Notifier { get; }
    public IPriceOracle Oracle => App.Services.GetRequiredService<IPriceOracle>();

    /// <summary>
    /// Re-posts every feed at the chain's current time (the shared devnet may have been deployed minutes ago), then starts
    /// the app with the clock one second later. Call inside <see cref="DevnetChain.InSnapshotAsync"/>.
    /// </summary>
    public static async Task<OracleDevnet> StartAsync(DevnetChain chain, Action<Dictionary<string, string?>>? tweak = null, AzuriteServer? azurite = null)
    {
        var now = await chain.ChainTimeAsync();
        foreach (var (name, feed) in chain.Manifest.Feeds)
            await SetRoundAsync(chain, Address.Parse(feed.Address), BigInteger.Parse(feed.Answer), now);
        var clock = new ManualClock(now + TimeSpan.FromSeconds(1));
        azurite ??= await AzuriteServer.StartAsync();
        var notifier = new RecordingNotifier();
        var settings = Settings(chain, azurite);
        tweak?.Invoke(settings);
        var app = await AppHost.StartAsync(settings, ownTimers: false, services =>
        {
            services.AddSingleton<Application.Notifications.INotifier>(notifier);
            services.AddSingleton<TimeProvider>(clock);
        });
        return new OracleDevnet(chain, azurite, app, clock, notifier);
    }

    public static Dictionary<string, string?> Settings(DevnetChain chain, AzuriteServer azurite)
    {
        var settings = AppHost.BaseSettings();
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        settings["DEVNET_MANIFEST"] = chain.Devnet.ManifestPath;
        settings["ALLOWED_USER_IDS"] = $"{Trader}";
        settings["ADMIN_USER_IDS"] = $"{Admin}";
        // Alerts go to the admin chat; here the admin's private chat (its id is the admin's user id).
        settings["ADMIN_CHAT_ID"] = $"{Admin}";
        // Chainlink is the devnet's only source unless a test configures the Hermes stand-in.
        settings["ORACLE_MIN_SOURCES"] = "1";
        // Long enough that moving the clock 2 minutes for an escalation leaves healthy feeds fresh.
        settings["CHAINLINK_MAX_AGE_S"] = "600";
        settings["ORACLE_MAX_AGE_S"] = "600";
        settings["READINESS_TIMEOUT_S"] = "5";
        return settings;
    }

    /// <summary>Writes a complete round with <paramref name="answer"/> (raw, 8 decimals) stamped <paramref name="at"/>.</summary>
    public static async Task<BigInteger> SetRoundAsync(DevnetChain chain, Address feed, BigInteger answer, DateTimeOffset at, int answeredBehind = 0)
    {
        var round = new BigInteger(Interlocked.Increment(ref _nextRound));
        var time = new BigInteger(at.ToUnixTimeSeconds());
        var receipt = await chain.SendAsync(new ContractCall(feed, SetRoundData.EncodeCall(round, answer, time, time, round - answeredBehind)), chain.Key("bob"));
        Assert.True(receipt.Succeeded(), $"setRoundData on {feed} reverted");
        return round;
    }

    public Task SetFeedAsync(string pair, decimal price, TimeSpan? age = null, int answeredBehind = 0) =>
        SetRoundAsync(Chain, Chain.Feed(pair), OracleTestData.Raw(price), Clock.GetUtcNow() - (age ?? TimeSpan.Zero), answeredBehind);

    /// <summary>Sets the sequencer uptime feed: <paramref name="down"/> or up since <paramref name="upFor"/> ago.</summary>
    public async Task SetSequencerAsync(bool down, TimeSpan upFor)
    {
        var round = new BigInteger(Interlocked.Increment(ref _nextRound));
        var since = new BigInteger((Clock.GetUtcNow() - upFor).ToUnixTimeSeconds());
        var receipt = await Chain.SendAsync(new ContractCall(Address.Parse(Chain.Manifest.Contracts.SequencerUptimeFeed),
            SetRoundData.EncodeCall(round, down ? BigInteger.One : BigInteger.Zero, since, since, round)), Chain.Key("bob"));
        Assert.True(receipt.Succeeded());
    }

    /// <summary>Invokes a timer function the way the standalone scheduler does; returns its log lines.</summary>
    public Task<IReadOnlyList<string>> RunAsync(string function) => FunctionCalls.RunTimerAsync(App.Services, function);

    /// <summary>One poll a second after the previous one (snapshots are keyed by time), then the symbol's current price.</summary>
    public async Task<PriceAssessment> PollAsync(string symbol = "ETH")
    {
        Clock.Advance(TimeSpan.FromSeconds(1));
        await RunAsync("OraclePoll");
        return await Oracle.CurrentAsync(symbol, CancellationToken.None);
    }

    /// <summary>Alert messages sent to the admin so far for <paramref name="key"/> with <paramref name="action"/> (raise, escalate, recover).</summary>
    public IReadOnlyList<Core.Telegram.OutboundMessage> Alerts(string key, string action) =>
        Notifier.Messages.Where(m => m.ChatId == Admin && m.DedupeKey.StartsWith($"alert:{key}:", StringComparison.Ordinal)
                                     && m.DedupeKey.EndsWith($":{action}", StringComparison.Ordinal)).ToList();

    public IReadOnlyList<Core.Telegram.OutboundMessage> AllAlerts(string action) =>
        Notifier.Messages.Where(m => m.ChatId == Admin && m.DedupeKey.StartsWith("alert:", StringComparison.Ordinal)
                                     && m.DedupeKey.EndsWith($":{action}", StringComparison.Ordinal)).ToList();

    /// <summary>Sends a chat command through the webhook as Telegram would and returns the bot's reply text.</summary>
    public async Task<string> CommandAsync(long userId, string text)
    {
        var updateId = Interlocked.Increment(ref _nextUpdateId);
        await Updates.DeliverAsync(App, Updates.Message(updateId, userId, text));
        return Notifier.Reply(updateId).Html;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
