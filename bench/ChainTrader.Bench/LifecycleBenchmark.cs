using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.Json;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Configuration;
using ChainTrader.Application.Gates;
using ChainTrader.Application.Telemetry;
using ChainTrader.Application.Trades;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace ChainTrader.Bench;

/// <summary>
/// Full LIVE trades against a running devnet and Azurite (`node devnet/devnet.js up`), one after another, in the real
/// app (standalone: its Durable engine, timers and storage-queue listener run): each trade is opened, confirmed, approved exactly,
/// swapped, confirmed to depth 3 and settled. Reports press → broadcast latency and the app's own
/// trader_confirm_to_broadcast_seconds (from the stored confirmation to the first node accepting the swap) as p50/p99,
/// and the storage requests one trade costs from open to settlement, counted in front of Azurite (the Durable engine's included).
/// The trades stay on the chain (each run spends 100 USDC per trade of the devnet trader's 100,000): reverting the chain
/// under the persisted nonces and trades would leave them describing transactions the chain forgot.
/// </summary>
internal static class LifecycleBenchmark
{
    private const long Trader = BenchApp.Trader;

    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        if (!options.TryGet("manifest", out var manifestPath) || !options.TryGet("storage", out var storage))
        {
            Console.Error.WriteLine("Usage: ChainTrader.Bench lifecycle --manifest PATH --storage CONNECTION_STRING [--trades 30]\n" +
                                    "Start the local stack first: node devnet/devnet.js up (its READY line has the manifest path and the connection string).");
            return 2;
        }
        var trades = options.Number("trades", 30);
        var manifest = DevnetManifest.Load(manifestPath);
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var devnet = new JsonRpcClient(http, new Uri(manifest.RpcUrl));

        var run = Guid.NewGuid().ToString("N")[..8];
        var hub = "bench" + run;
        await using var counter = await StorageRequestCounter.StartAsync(storage, hub);
        var latencies = new ConcurrentQueue<double>();
        var pressLatencies = new ConcurrentQueue<double>();
        long pressedAt = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // By name: this runs while the telemetry class is still initialising its instruments.
            if (instrument.Meter.Name == ChainTraderTelemetry.Name && instrument.Name == "trader_confirm_to_broadcast_seconds") l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) =>
        {
            latencies.Enqueue(value);
            // The app's metric starts at the stored confirmation; the trader's wait starts at the press (its delivery to the orchestration included).
            var pressed = Interlocked.Exchange(ref pressedAt, 0);
            if (pressed != 0) pressLatencies.Enqueue(Stopwatch.GetElapsedTime(pressed).TotalSeconds);
        });
        listener.Start();

        var settings = BenchApp.Settings(manifestPath, counter.ConnectionString, hub);
        settings["SIGNER_PRIVATE_KEY"] = manifest.Account("trader").PrivateKey;
        // LIVE's start-up demands the loss breakers stated (and prices no older than 300 s, as BenchApp has them).
        settings["EXECUTION_MODE"] = "LIVE";
        settings["DAILY_STOP_PCT"] = "3";
        settings["WEEKLY_STOP_PCT"] = "7";
        settings["MAX_DRAWDOWN_PCT"] = "10";
        var rows = new List<(string TradeId, Dictionary<string, long> Requests)>();
        {
            await using var app = await BenchApp.StartAsync(settings, new DiscardingNotifier());
            var desk = app.Services.GetRequiredService<TradeDesk>();
            var gates = app.Services.GetRequiredService<IRuntimeGates>();
            var tokens = app.Services.GetRequiredService<TradingTokens>();
            var watcher = new UncountedTrades(storage);
            using var mining = new CancellationTokenSource();
            var miner = MineAsync(devnet, mining.Token);
            var bought = 0m;
            for (var i = 0; i < trades; i++)
            {
                var id = $"bench-{run}-{i}";
                // Buys and sells alternate so the pool stays at the oracle's price (the DEX outlier check would stop a one-way run).
                var intent = i % 2 == 0
                    ? new TradeIntent(Trader, Trader, TradeSide.Buy, tokens.Find("ETH")!.Leg, tokens.Quote.Leg, 100m)
                    : new TradeIntent(Trader, Trader, TradeSide.Sell, tokens.Find("ETH")!.Leg, tokens.Quote.Leg, bought);
                counter.Reset();
                await desk.OpenAsync(id, intent, $"bench:{id}", default);
                // The benchmark has no Telegram: it reports the quote shown the moment it is ready, as the outbox would once
                // Telegram accepted the message (a quote's lifetime starts when the trader sees it).
                var ready = await watcher.WaitAsync(id, t => t.State is TradeState.RiskChecked or TradeState.AwaitingConfirmation || t.IsTerminal);
                if (ready.State == TradeState.RiskChecked)
                    await desk.SubmitAsync(id, new QuoteShown(TradeStateMachine.QuotePromptKey(ready), DateTimeOffset.UtcNow), default);
                var quoted = await watcher.WaitAsync(id, t => t.State == TradeState.AwaitingConfirmation || t.IsTerminal);
                if (quoted.State != TradeState.AwaitingConfirmation) throw new InvalidOperationException($"{id} was not quoted: {quoted.State} {quoted.Outcome}");
                Interlocked.Exchange(ref pressedAt, Stopwatch.GetTimestamp());
                var step = await desk.SubmitAsync(id, new ConfirmPressed(Trader, quoted.QuoteMessageKey!, (await gates.CurrentAsync(default)).ForRisk()), default);
                if (!step.Applied) throw new InvalidOperationException($"{id}: confirm refused: {step.Rejection}");
                var final = await watcher.WaitAsync(id, t => t.IsTerminal);
                if (final.State != TradeState.Final) throw new InvalidOperationException($"{id} ended {final.State}: {final.Outcome}");
                bought = final.Settlement!.BaseQuantity;
                await watcher.WaitSettledAsync(id);
                rows.Add((id, counter.Snapshot()));
                Console.Error.Write('.');
            }
            await mining.CancelAsync();
            await miner;
            await app.StopAsync();
        }
        Console.Error.WriteLine();

        var sorted = latencies.Order().ToList();
        var pressSorted = pressLatencies.Order().ToList();
        Console.WriteLine($"Trade lifecycle  {trades} LIVE trades (buy ETH with 100 USDC, then sell it back; each an exact approval + swap, 3 confirmations), one at a time, " +
                          $"{Environment.ProcessorCount} logical cores (shared with the devnet and Azurite)");
        Console.WriteLine();
        Console.WriteLine($"press → broadcast: p50 {Ms(Percentiles.NearestRank(pressSorted, 0.5))} ms, p99 {Ms(Percentiles.NearestRank(pressSorted, 0.99))} ms, max {Ms(pressSorted[^1])} ms ({pressSorted.Count} samples)");
        Console.WriteLine($"stored confirmation → broadcast (trader_confirm_to_broadcast_seconds): p50 {Ms(Percentiles.NearestRank(sorted, 0.5))} ms, p99 {Ms(Percentiles.NearestRank(sorted, 0.99))} ms ({sorted.Count} samples)");
        Console.WriteLine();
        var names = rows.SelectMany(r => r.Requests.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        const string format = "| {0,-44} | {1,10} | {2,6} | {3,6} |";
        Console.WriteLine(format, "storage request (service, method, resource)", "mean/trade", "min", "max");
        Console.WriteLine(format, new string('-', 44), "---------:", "-----:", "-----:");
        foreach (var name in names)
        {
            var counts = rows.Select(r => r.Requests.GetValueOrDefault(name)).ToList();
            Console.WriteLine(format, name, counts.Average().ToString("F1", CultureInfo.InvariantCulture), counts.Min(), counts.Max());
        }
        var totals = rows.Select(r => r.Requests.Values.Sum()).ToList();
        Console.WriteLine(format, "all", totals.Average().ToString("F1", CultureInfo.InvariantCulture), totals.Min(), totals.Max());
        Console.WriteLine();
        Console.WriteLine("Every HTTP request that reached Azurite (blob, queue, table; an entity-group transaction is one), the Durable engine's " +
                          "included, counted from open to settlement: the queue polls and the timers' calls in that time count with the trade.");
        return 0;
    }

    private static async Task MineAsync(JsonRpcClient devnet, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await devnet.CallAsync(RpcCalls.Raw("evm_mine"), CancellationToken.None);
            try { await Task.Delay(250, cancellationToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    private static string Ms(double seconds) => (seconds * 1000).ToString("F0", CultureInfo.InvariantCulture);

    /// <summary>Reads trade rows on its own connection, so waiting for a trade adds nothing to the counts.</summary>
    private sealed class UncountedTrades(string storage)
    {
        private readonly TableAccount _service = new(new HttpClient(), StorageConnection.Parse(storage), Options.Create(new TableStorageOptions()),
            NullLogger<TableAccount>.Instance, TimeProvider.System);

        public async Task<Trade> WaitAsync(string id, Func<Trade, bool> done)
        {
            var table = _service.GetTable(TradeStore.TradesTable);
            var deadline = Stopwatch.StartNew();
            while (true)
            {
                var row = await table.GetAsync(id, TradeStore.StateRow);
                var trade = row is null ? null : JsonSerializer.Deserialize(row.GetString("Json"), TradeJson.Default.Trade);
                if (trade is not null && done(trade)) return trade;
                if (deadline.Elapsed > TimeSpan.FromMinutes(2))
                    throw new TimeoutException($"Trade {id} did not get there in 2 minutes; it is {trade?.State} ({trade?.Outcome}), due {trade?.DueAt:O}.");
                await Task.Delay(20);
            }
        }

        public async Task WaitSettledAsync(string id)
        {
            var table = _service.GetTable(LedgerStore.TableName);
            var deadline = Stopwatch.StartNew();
            while (await table.GetAsync(LedgerStore.PartitionOf(ExecutionMode.Live), "fill-" + id) is null)
            {
                if (deadline.Elapsed > TimeSpan.FromMinutes(1)) throw new TimeoutException($"Trade {id} was not settled in a minute.");
                await Task.Delay(20);
            }
        }
    }
}
