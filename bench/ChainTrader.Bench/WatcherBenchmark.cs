using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Telegram;
using ChainTrader.Functions;
using ChainTrader.Application.Chains;
using ChainTrader.Application.Configuration;
using ChainTrader.Application.Notifications;
using ChainTrader.Application.Watching;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Bench;

/// <summary>
/// The wallet watcher's scanner against a running devnet and Azurite (`node devnet/devnet.js up` prints both):
/// blocks scanned per second, JSON-RPC round trips (HTTP requests) per block and Table Storage requests per block, for
/// empty blocks and for blocks full of transfers to watched addresses, at several watch-list sizes. The chain is
/// snapshotted first and reverted at the end.
/// </summary>
internal static class WatcherBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        if (!options.TryGet("manifest", out var manifestPath) || !options.TryGet("storage", out var storage))
        {
            Console.Error.WriteLine("Usage: ChainTrader.Bench watcher --manifest PATH --storage CONNECTION_STRING [--blocks 300] [--busy-blocks 20] " +
                                    "[--transfers-per-block 25] [--watched 100,1000,5000] [--blocks-per-scan 50]\n" +
                                    "Start the local stack first: node devnet/devnet.js up (its READY line has the manifest path and the connection string).");
            return 2;
        }
        var manifest = DevnetManifest.Load(manifestPath);
        var emptyBlocks = options.Number("blocks", 300);
        var busyBlocks = options.Number("busy-blocks", 20);
        var perBlock = options.Number("transfers-per-block", 25);
        var perScan = options.Number("blocks-per-scan", 50);
        var sizes = (options.Get("watched") ?? "100,1000,5000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var devnet = new JsonRpcClient(http, new Uri(manifest.RpcUrl));
        var snapshot = (await devnet.CallAsync(RpcCalls.Raw("evm_snapshot"))).GetString()!;
        var rows = new List<(int Watched, string Blocks, Result Result)>();
        try
        {
            foreach (var watched in sizes)
            {
                rows.Add((watched, "empty", await MeasureAsync(manifestPath, storage, perScan, watched, _ => MineAsync(devnet, emptyBlocks))));
                rows.Add((watched, $"{perBlock} transfers each", await MeasureAsync(manifestPath, storage, perScan, watched,
                    addresses => FillBlocksAsync(devnet, manifest, addresses, busyBlocks, perBlock))));
            }
        }
        finally
        {
            await devnet.CallAsync(RpcCalls.Raw("evm_revert", JsonValue.Create(snapshot)));
        }

        Console.WriteLine($"Wallet watcher scan  {Environment.ProcessorCount} logical cores (shared with the devnet and Azurite), WATCH_MAX_BLOCKS_PER_SCAN={perScan}");
        Console.WriteLine();
        const string format = "| {0,8} | {1,-22} | {2,7} | {3,9} | {4,9} | {5,14} | {6,16} | {7,8} |";
        Console.WriteLine(format, "watched", "blocks", "scanned", "seconds", "blocks/s", "RPC trips/blk", "table reqs/blk", "notices");
        Console.WriteLine(format, "-------:", "----------------------", "------:", "--------:", "--------:", "-------------:", "---------------:", "-------:");
        foreach (var (watched, kind, r) in rows)
        {
            Console.WriteLine(format, watched.ToString("N0", CultureInfo.InvariantCulture), kind, r.Blocks, r.Seconds.ToString("F2", CultureInfo.InvariantCulture),
                (r.Blocks / r.Seconds).ToString("N0", CultureInfo.InvariantCulture), ((double)r.RpcRequests / r.Blocks).ToString("F3", CultureInfo.InvariantCulture),
                ((double)r.TableRequests / r.Blocks).ToString("F2", CultureInfo.InvariantCulture), r.Notices);
        }
        return 0;
    }

    private sealed record Result(int Blocks, double Seconds, long RpcRequests, long TableRequests, int Notices);

    /// <summary>A fresh app (own tables) watching <paramref name="watched"/> random addresses; <paramref name="produce"/> makes blocks; then the scan is timed.</summary>
    private static async Task<Result> MeasureAsync(string manifestPath, string storage, int perScan, int watched, Func<IReadOnlyList<Address>, Task> produce)
    {
        var rpcRequests = new RequestCounter();
        var tableRequests = new RequestCounter();
        var notifier = new CountingNotifier();
        var id = Guid.NewGuid().ToString("N")[..10];
        var settings = new Dictionary<string, string?>
        {
            ["DEVNET_MANIFEST"] = manifestPath,
            ["AzureWebJobsStorage"] = storage,
            ["TELEGRAM_WEBHOOK_SECRET"] = "bench-secret",
            ["WATCH_MAX_BLOCKS_PER_SCAN"] = perScan.ToString(CultureInfo.InvariantCulture),
            ["WATCH_MAX_TOTAL"] = "1000000",
        };
        await using var app = ChainTraderApp.Build(["--urls", "http://127.0.0.1:0"], name => name == "LOCAL_SETTINGS_PATH" ? "/nonexistent/local.settings.json" : null, builder =>
        {
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Services.AddSingleton(new WatcherTableNames($"W{id}", $"T{id}", $"C{id}"));
            builder.Services.AddSingleton<INotifier>(notifier);
            builder.Services.AddHttpClient(ChainRpcPools.HttpClientName).AddHttpMessageHandler(rpcRequests.NewHandler);
            builder.Services.AddHttpClient<TableAccount>().AddHttpMessageHandler(tableRequests.NewHandler);
        });
        var store = app.Services.GetRequiredService<WatchStore>();
        var scanner = app.Services.GetRequiredService<ChainScanner>();
        var addresses = Enumerable.Range(0, watched).Select(_ => RandomAddress()).ToList();
        var created = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(addresses.Select((a, i) => (a, i)), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (item, ct) =>
            await store.TryAddAsync(new Watch("devnet", item.a, 1_000_000 + item.i, 1_000_000 + item.i, null, created), ct));

        await scanner.ScanAsync("devnet", CancellationToken.None); // starts the cursor at the head
        await produce(addresses);

        rpcRequests.Reset();
        tableRequests.Reset();
        var clock = Stopwatch.StartNew();
        var blocks = 0;
        while (true)
        {
            var result = await scanner.ScanAsync("devnet", CancellationToken.None);
            if (result.Outcome != ScanOutcome.Scanned) break;
            blocks += result.Blocks;
        }
        return new Result(blocks, clock.Elapsed.TotalSeconds, rpcRequests.Count, tableRequests.Count, notifier.Count);
    }

    private static async Task MineAsync(JsonRpcClient devnet, int blocks)
    {
        for (var done = 0; done < blocks; done += 100)
        {
            // One evm_mine per block: hardhat_mine leaves blocks "reserved" whose parentHash reads as zero.
            var batch = devnet.CreateBatch();
            var items = Enumerable.Range(0, Math.Min(100, blocks - done)).Select(_ => batch.Add(RpcCalls.Raw("evm_mine"))).ToList();
            await batch.SendAsync();
            foreach (var item in items) _ = item.Result;
        }
    }

    /// <summary>Blocks of ETH transfers from the trader account to the first 50 watched addresses, signed here.</summary>
    private static async Task FillBlocksAsync(JsonRpcClient devnet, DevnetManifest manifest, IReadOnlyList<Address> watched, int blocks, int perBlock)
    {
        var trader = PrivateKey.FromHex(manifest.Account("trader").PrivateKey);
        var nonce = await devnet.GetTransactionCountAsync(trader.Address.ToLowerHex(), BlockParameter.CreatePending());
        var baseFee = (await devnet.GetBlockByNumberAsync(BlockParameter.CreateLatest()))!.BaseFeePerGas?.Value ?? 1_000_000_000;
        await devnet.CallAsync(RpcCalls.Raw("evm_setAutomine", JsonValue.Create(false)));
        try
        {
            for (var b = 0; b < blocks; b++)
            {
                var batch = devnet.CreateBatch();
                for (var i = 0; i < perBlock; i++)
                {
                    var signed = trader.Sign(new Nethereum.Model.Transaction1559(manifest.ChainId, nonce++, 1_000_000_000, 4 * baseFee + 1_000_000_000,
                        21_000, watched[(b * perBlock + i) % Math.Min(50, watched.Count)].ToLowerHex(), new BigInteger(1 + i), "0x", []));
                    batch.Add(Eth.SendRawTransaction(signed.ToRawBytes()));
                }
                await batch.SendAsync();
                // Mined on its own: the node may run a batch's calls concurrently, so a mine inside it could miss some sends.
                await devnet.CallAsync(RpcCalls.Raw("evm_mine"));
            }
        }
        finally
        {
            await devnet.CallAsync(RpcCalls.Raw("evm_setAutomine", JsonValue.Create(true)));
        }
    }

    private static Address RandomAddress()
    {
        var bytes = new byte[Address.Length];
        System.Security.Cryptography.RandomNumberGenerator.Fill(bytes);
        return new Address(bytes);
    }

    private sealed class RequestCounter
    {
        private long _count;
        public long Count => Interlocked.Read(ref _count);
        public void Reset() => Interlocked.Exchange(ref _count, 0);
        public DelegatingHandler NewHandler() => new Handler(this);

        private sealed class Handler(RequestCounter counter) : DelegatingHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref counter._count);
                return base.SendAsync(request, cancellationToken);
            }
        }
    }

    /// <summary>The scan's notifications, counted and dropped: the benchmark measures scanning, not Telegram delivery.</summary>
    private sealed class CountingNotifier : INotifier
    {
        private int _count;
        public int Count => _count;

        public Task EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return Task.CompletedTask;
        }
    }
}
