using System.Numerics;
using System.Text.Json.Nodes;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Telegram;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;
using Nethereum.ABI.Model;
using ChainTrader.Core.Trades;
using ChainTrader.Core.Commands;
using ChainTrader.Application.Gates;
using ChainTrader.Application.Oracles;
using ChainTrader.Application.Trades;
using ChainTrader.Tests.Contracts;
using ChainTrader.Tests.Infrastructure;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nethereum.RPC.Eth.DTOs;
using Xunit.Abstractions;
using Telegram.Bot;

namespace ChainTrader.Tests.Trades;

/// <summary>
/// The whole local stack for trading tests: the real app in standalone mode (its own scheduler runs OraclePoll, the alert
/// sweep and the outbox; its local Durable engine runs each trade's orchestration on Azurite, whose storage queue carries
/// the notifications) over a private Azurite, the shared
/// devnet (the app signs with the manifest's trader key) and the Telegram stand-in, through which the test acts as a
/// trader would: typing commands and pressing buttons. Restartable over the same Azurite, devnet and chat.
/// </summary>
public sealed class TradingStack : IAsyncDisposable
{
    public const long Trader = 4242, Admin = 4343, SuperAdmin = 4444, OtherTrader = 4545;

    private static readonly FunctionABI SetRoundData = AbiDeclarations.Function(
        "function setRoundData(uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)");
    private static int _nextRound = 50_000;

    private readonly Action<Dictionary<string, string?>>? _tweak;
    private string? _taskHub;
    private readonly Action<IServiceCollection>? _services;
    private readonly ITestOutputHelper? _output;

    /// <summary>The app's log, so a trade that does not get where a test expects can say what went wrong on the way.</summary>
    private readonly LogCapture _appLog = new(LogLevel.Warning);

    private TradingStack(DevnetChain chain, AzuriteServer azurite, TelegramStandIn standIn, Action<Dictionary<string, string?>>? tweak,
        Action<IServiceCollection>? services, ITestOutputHelper? output)
    {
        Chain = chain;
        Azurite = azurite;
        StandIn = standIn;
        _tweak = tweak;
        _services = services;
        _output = output;
    }

    public DevnetChain Chain { get; }
    public AzuriteServer Azurite { get; }
    public TelegramStandIn StandIn { get; }
    public AppHost App { get; private set; } = null!;
    public TradeStore Store => App.Services.GetRequiredService<TradeStore>();
    public LedgerStore Ledger => App.Services.GetRequiredService<LedgerStore>();
    public Address Wallet => Chain.Key("trader").Address;

    /// <summary>Starts the stack. Call inside a devnet snapshot; <paramref name="tweak"/> adjusts settings, <paramref name="services"/> replaces services.</summary>
    public static async Task<TradingStack> StartAsync(DevnetChain chain, Action<Dictionary<string, string?>>? tweak = null,
        Action<IServiceCollection>? services = null, ITestOutputHelper? output = null)
    {
        await RefreshFeedsAsync(chain);
        var azurite = await AzuriteServer.StartAsync();
        var standIn = await TelegramStandIn.StartAsync(webhookSecret: null);
        var stack = new TradingStack(chain, azurite, standIn, tweak, services, output);
        await stack.StartAppAsync();
        return stack;
    }

    /// <summary>
    /// Connects to the shared devnet and, inside a snapshot (so the devnet is left as found), runs <paramref name="before"/>
    /// on the chain, then <paramref name="body"/> with a started stack.
    /// </summary>
    public static async Task InSnapshotAsync(ITestOutputHelper? output, Func<TradingStack, Task> body,
        Action<Dictionary<string, string?>>? tweak = null, Action<IServiceCollection>? services = null, Func<DevnetChain, Task>? before = null)
    {
        var chain = await DevnetChain.ConnectAsync();
        await chain.InSnapshotAsync(async () =>
        {
            if (before is not null) await before(chain);
            await using var stack = await StartAsync(chain, tweak, services, output);
            await body(stack);
        });
    }

    /// <summary>The stack's settings; every app it starts, a restart included, keeps the first one's task hub (its trades' orchestrations).</summary>
    public Dictionary<string, string?> Settings()
    {
        var settings = SettingsFor(Chain, Azurite, StandIn, _tweak);
        _taskHub ??= settings["TaskHubName"];
        settings["TaskHubName"] = _taskHub;
        return settings;
    }

    /// <summary>The stack's app settings over the given parts (also for an app a test runs as a child process).</summary>
    public static Dictionary<string, string?> SettingsFor(DevnetChain chain, AzuriteServer azurite, TelegramStandIn standIn, Action<Dictionary<string, string?>>? tweak)
    {
        var settings = standIn.AppSettings(azurite.ConnectionString);
        settings["DEVNET_MANIFEST"] = chain.Devnet.ManifestPath;
        settings["ENABLED_CHAINS"] = "devnet";
        settings["SIGNER_PRIVATE_KEY"] = chain.Manifest.Account("trader").PrivateKey;
        settings["ALLOWED_USER_IDS"] = $"{Trader},{OtherTrader}";
        settings["ADMIN_USER_IDS"] = $"{Admin}";
        // Alerts go to the admin chat; here the admin's private chat (its id is the admin's user id).
        settings["ADMIN_CHAT_ID"] = $"{Admin}";
        settings["SUPER_ADMIN_IDS"] = $"{SuperAdmin}";
        settings["EXECUTION_MODE"] = "LIVE";
        settings["GATES_POLL_INTERVAL_S"] = "1";
        settings["CHAIN_DEVNET_CONFIRMATIONS"] = "3";
        // Chainlink is the devnet's only oracle source; the DEX quote cross-checks it.
        settings["ORACLE_MIN_SOURCES"] = "1";
        // The devnet's mock feeds update only when a test moves them; Chainlink's own age bound covers that, while
        // ORACLE_MAX_AGE_S stays within what LIVE allows (the start-up safety checks refuse more than 300 s).
        settings["CHAINLINK_MAX_AGE_S"] = "3600";
        settings["ORACLE_MAX_AGE_S"] = "300";
        // LIVE demands the loss breakers stated explicitly.
        settings["DAILY_STOP_PCT"] = "3";
        settings["WEEKLY_STOP_PCT"] = "7";
        settings["MAX_DRAWDOWN_PCT"] = "10";
        settings["TRADING_CAPITAL_USD"] = "100000";
        // The desk's pacing would allow one trade per 3 minutes; tests trade back to back.
        settings["MIN_SECONDS_BETWEEN_TRADES"] = "0";
        settings["MIN_SECONDS_BETWEEN_SAME_SYMBOL"] = "0";
        settings["MAX_TRADES_PER_HOUR"] = "100";
        settings["MAX_TRADES_PER_DAY"] = "200";
        settings["MAX_USER_TRADES_PER_DAY"] = "200";
        settings["MAX_OPENS_PER_MIN"] = "50";
        settings["MAX_USER_VOLUME_PER_HOUR_USD"] = "1000000";
        tweak?.Invoke(settings);
        return settings;
    }

    private async Task StartAppAsync()
    {
        App = await AppHost.StartAsync(Settings(), ownTimers: true, WithAppLog(_services));
        await App.Services.GetRequiredService<TelegramBotApi>().Client().SetWebhook(
            new Uri(App.BaseAddress, "/telegram/webhook").AbsoluteUri, secretToken: AppHost.WebhookSecret, dropPendingUpdates: false);
        await WaitForPricesAsync();
    }

    private Action<IServiceCollection> WithAppLog(Action<IServiceCollection>? services) => s =>
    {
        _appLog.AddTo(s);
        services?.Invoke(s);
    };

    /// <summary>Stops the app (as a crash would: background work is cut off) and starts a new one over the same Azurite, devnet and chat.</summary>
    public async Task RestartAsync(Action<IServiceCollection>? services = null)
    {
        await App.DisposeAsync();
        App = await AppHost.StartAsync(Settings(), ownTimers: true, WithAppLog(services ?? _services));
        await App.Services.GetRequiredService<TelegramBotApi>().Client().SetWebhook(
            new Uri(App.BaseAddress, "/telegram/webhook").AbsoluteUri, secretToken: AppHost.WebhookSecret, dropPendingUpdates: false);
    }

    /// <summary>Re-posts every devnet feed stamped now, so the oracle finds them fresh whatever earlier tests did.</summary>
    public static async Task RefreshFeedsAsync(DevnetChain chain)
    {
        var now = DateTimeOffset.UtcNow.AddSeconds(-1);
        foreach (var (_, feed) in chain.Manifest.Feeds)
        {
            var round = new BigInteger(Interlocked.Increment(ref _nextRound));
            var time = new BigInteger(now.ToUnixTimeSeconds());
            var receipt = await chain.SendAsync(new ContractCall(Address.Parse(feed.Address),
                SetRoundData.EncodeCall(round, BigInteger.Parse(feed.Answer), time, time, round)), chain.Key("bob"));
            Assert.True(receipt.Succeeded());
        }
    }

    /// <summary>Posts a fresh round with <paramref name="priceUsd"/> to a feed, then waits until the oracle's verdict on its symbol reflects it.</summary>
    public async Task SetFeedAsync(Address feed, decimal priceUsd)
    {
        var round = new BigInteger(Interlocked.Increment(ref _nextRound));
        var time = new BigInteger(DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds());
        var answer = new BigInteger(priceUsd * 100_000_000m);
        Assert.True((await Chain.SendAsync(new ContractCall(feed, SetRoundData.EncodeCall(round, answer, time, time, round)), Chain.Key("bob"))).Succeeded());
        var symbol = Chain.Manifest.Feeds.Single(f => Address.Parse(f.Value.Address) == feed).Key.Split('/')[0];
        var oracle = App.Services.GetRequiredService<IPriceOracle>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(40);
        while (true)
        {
            var assessment = await oracle.CurrentAsync(symbol, default);
            if (assessment.IsUsable ? assessment.Price == priceUsd : assessment.LastGood?.Price != priceUsd) return;
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"The oracle never reflected {symbol} at {priceUsd}: {assessment.Summary}");
            await Task.Delay(500);
        }
    }

    public async Task WaitForPricesAsync()
    {
        var oracle = App.Services.GetRequiredService<IPriceOracle>();
        var deadline = DateTimeOffset.UtcNow.AddSeconds(40);
        while (true)
        {
            var eth = await oracle.CurrentAsync("ETH", default);
            var usdc = await oracle.CurrentAsync("USDC", default);
            if (eth.IsUsable && usdc.IsUsable) return;
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"Oracle never usable: {eth.Summary} / {usdc.Summary}");
            await Task.Delay(500);
        }
    }

    /// <summary>Sets the shared execution mode directly (the button confirmation for LIVE is the command layer's, tested there).</summary>
    public async Task SetModeAsync(ExecutionMode mode)
    {
        var gates = App.Services.GetRequiredService<IRuntimeGates>();
        await gates.ApplyAsync(GateChange.Mode(mode), SuperAdmin, $"test:{Guid.NewGuid():N}", null, default);
    }

    public Task<StandInUpdate> SendAsync(string text, long user = Trader) => StandIn.SendUserMessageAsync(user, user, text, wait: true);

    /// <summary>The trade's quote message once it shows its buttons.</summary>
    public async Task<StandInMessage> QuoteMessageAsync(string tradeId, long chat = Trader, TimeSpan? timeout = null)
        => await BotMessageAsync(chat, m => m.Text.Contains(tradeId) && m.Buttons.Count > 0, timeout ?? TimeSpan.FromSeconds(30), $"the quote of {tradeId}");

    public async Task<StandInMessage> BotMessageAsync(long chat, Func<StandInMessage, bool> match, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var messages = await StandIn.BotMessagesAsync(chat);
            if (messages.FirstOrDefault(match) is { } found) return found;
            if (DateTimeOffset.UtcNow > deadline)
                throw new TimeoutException($"No bot message in chat {chat} matched {what} within {timeout.TotalSeconds:0} s. Chat:\n" +
                                           string.Join("\n---\n", messages.Select(m => m.Text)));
            await Task.Delay(200);
        }
    }

    public async Task<StandInUpdate> PressAsync(StandInMessage message, bool confirm, long user = Trader)
    {
        var data = message.Buttons.SelectMany(r => r).Select(b => b.CallbackData).First(d => d!.StartsWith(confirm ? "tc:" : "tx:", StringComparison.Ordinal));
        return await StandIn.PressButtonAsync(Trader, user, message.MessageId, data!, wait: true);
    }

    public static string Toast(StandInUpdate press) => press.Delivery!.Value.GetProperty("body").GetString() ?? "";

    /// <summary>
    /// Polls the stored trade until <paramref name="done"/> holds (mining blocks meanwhile when asked). A trade's row turns
    /// terminal before its orchestration has run the last effects (settlement, the final message), so for a terminal trade
    /// this also waits, within the same timeout, for the orchestration to complete: what a test reads next (the ledger,
    /// /positions, the chat) is then written.
    /// </summary>
    public async Task<Trade> WaitForTradeAsync(string tradeId, Func<Trade, bool> done, TimeSpan timeout, bool mineBlocks = false)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        Trade? last = null;
        while (true)
        {
            last = (await Store.GetAsync(tradeId, default))?.Trade;
            if (last is not null && done(last) && (!last.IsTerminal || DateTimeOffset.UtcNow > deadline || await OrchestrationEndedAsync(tradeId))) return last;
            if (DateTimeOffset.UtcNow > deadline)
            {
                var history = last is null ? [] : await Store.HistoryAsync(tradeId, default);
                var warnings = _appLog.Lines.Where(l => l.Level >= LogLevel.Warning).TakeLast(20)
                    .Select(l => $"{l.Level} {l.Category}: {l.Message}{(l.Exception is null ? "" : $" ({l.Exception.Split('\n')[0]})")}");
                var head = await Chain.Rpc.GetBlockByNumberAsync(BlockParameter.CreateLatest());
                throw new TimeoutException($"Trade {tradeId} did not get there in {timeout.TotalSeconds:0} s; it is {last?.State} ({last?.Outcome}).\n" +
                                           (last is null ? "" : TradeStory.Render(last, history)) +
                                           $"\nChain head {head?.Height()} at {head?.Time():O}; wall clock {DateTimeOffset.UtcNow:O}." +
                                           "\nThe app's last warnings and errors:\n" + string.Join('\n', warnings));
            }
            if (mineBlocks) await MineAsync();
            await Task.Delay(300);
        }
    }

    private async Task<bool> OrchestrationEndedAsync(string tradeId)
    {
        var instance = await App.Services.GetRequiredService<DurableClientAccess>().Client.GetInstanceAsync(TradeOrchestration.InstanceId(tradeId), getInputsAndOutputs: false);
        return instance?.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
    }

    /// <summary>
    /// The fills of both books (PAPER's, then LIVE's) once they hold <paramref name="count"/> (or, after
    /// <paramref name="timeout"/>, whatever they hold): a trade's state turns final before its settlement effect runs, so a
    /// test that read the ledger at once would race it.
    /// </summary>
    public async Task<IReadOnlyList<(Fill Fill, decimal RealisedPnlUsd)>> WaitForFillsAsync(int count, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            List<(Fill Fill, decimal RealisedPnlUsd)> fills = [.. await Ledger.FillsAsync(ExecutionMode.Paper, DateTimeOffset.MinValue, default),
                         .. await Ledger.FillsAsync(ExecutionMode.Live, DateTimeOffset.MinValue, default)];
            if (fills.Count >= count || DateTimeOffset.UtcNow > deadline) return fills;
            await Task.Delay(300);
        }
    }

    public async Task MineAsync(int blocks = 1)
    {
        for (var i = 0; i < blocks; i++) await Chain.Rpc.CallAsync(RpcCalls.Raw("evm_mine"));
    }

    public Task<BigInteger> BalanceAsync(string symbol) => new Erc20(Chain.Rpc, Chain.Token(symbol)).BalanceOfAsync(Wallet);

    public void Log(string line) => _output?.WriteLine(line);

    public async ValueTask DisposeAsync()
    {
        try { await Chain.Rpc.CallAsync(RpcCalls.Raw("evm_setIntervalMining", JsonValue.Create(0))); } catch (JsonRpcErrorException) { }
        if (App is not null) await App.DisposeAsync();
        await StandIn.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
