using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core;
using ChainTrader.Core.Evm;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Bench;

/// <summary>
/// One oracle poll of N Chainlink feeds (latestRoundData + decimals each, with the head block) costs one JSON-RPC round
/// trip per chain, not N: cycle time of <see cref="ChainlinkFeedReader"/> for N = 1, 10, 50 against a single call's round
/// trip and against reading the same feeds one call at a time, on the Hardhat devnet. The devnet has three feeds; the
/// others are clones of its ETH/USD mock (hardhat_setCode) given a round each.
/// Usage: <c>oracle-poll [--manifest PATH]</c> (a running devnet's manifest, e.g. devnet/.state/manifest.json under
/// ./run.sh); without it the benchmark starts its own devnet (node devnet/devnet.js chain) and stops it afterwards.
/// </summary>
internal static class OraclePollBench
{
    private const int Samples = 41;
    private static readonly int[] Sizes = [1, 10, 50];

    public static async Task<int> RunAsync(string[] args)
    {
        string? manifestPath = args.Length == 2 && args[0] == "--manifest" ? args[1]
            : args.Length == 0 ? null
            : throw new ArgumentException("usage: oracle-poll [--manifest PATH]");
        Process? devnet = null;
        try
        {
            if (manifestPath is null)
                (devnet, manifestPath) = await StartDevnetAsync();
            using var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(manifestPath));
            var root = manifest.RootElement;
            var rpcUrl = new Uri(root.GetProperty("rpcUrl").GetString()!);
            var deployer = root.GetProperty("accounts")[0].GetProperty("address").GetString()!;
            var feeds = root.GetProperty("feeds").EnumerateObject().Select(f => Address.Parse(f.Value.GetProperty("address").GetString()!)).ToList();
            using (var setup = new HttpClient())
                feeds.AddRange(await CloneFeedsAsync(new JsonRpcClient(setup, rpcUrl), feeds[0], deployer, Sizes.Max() - feeds.Count));

            Console.WriteLine($"Oracle poll on the devnet ({rpcUrl.Scheme}://{rpcUrl.Authority}/), median of {Samples} runs after warm-up");
            await TableAsync(rpcUrl, feeds, TimeSpan.Zero);
            // A hosted RPC is tens of milliseconds away; the same polls with that much added to every HTTP exchange.
            await TableAsync(rpcUrl, feeds, TimeSpan.FromMilliseconds(50));
            Console.WriteLine();
            Console.WriteLine("calls in batch = latestRoundData + decimals per feed, the head block and eth_blockNumber; HTTP requests = per poll;");
            Console.WriteLine("one call at a time = latestRoundData only, N sequential requests; single call = one eth_blockNumber round trip.");
            return 0;
        }
        finally
        {
            if (devnet is not null)
            {
                // Hardhat ignores SIGTERM; the whole tree goes.
                devnet.Kill(entireProcessTree: true);
                await devnet.WaitForExitAsync();
                devnet.Dispose();
            }
        }
    }

    private static async Task TableAsync(Uri rpcUrl, IReadOnlyList<Address> feeds, TimeSpan addedLatency)
    {
        var counter = new CountingHandler(addedLatency);
        using var http = new HttpClient(counter);
        var rpc = new JsonRpcClient(http, rpcUrl);
        var reader = new ChainlinkFeedReader(rpc);
        var single = await TimeAsync(() => rpc.GetBlockNumberAsync());
        Console.WriteLine();
        Console.WriteLine(addedLatency == TimeSpan.Zero ? "Local node, loopback:" : $"Same node, {addedLatency.TotalMilliseconds:0} ms added to each HTTP exchange (a remote endpoint):");
        Console.WriteLine();
        {
            const string format = "| {0,5} | {1,14} | {2,14} | {3,16} | {4,21} | {5,18} |";
            Console.WriteLine(format, "feeds", "calls in batch", "HTTP requests", "batched poll ms", "one call at a time ms", "vs single call");
            Console.WriteLine(format, "-----", new string('-', 14), new string('-', 14), new string('-', 16), new string('-', 21), new string('-', 18));
            foreach (var size in Sizes)
            {
                var subset = feeds.Take(size).ToList();
                var before = counter.Requests;
                var snapshot = await reader.ReadAsync(subset);
                var requests = counter.Requests - before;
                if (snapshot.Feeds.Any(f => !f.Succeeded))
                    throw new InvalidOperationException($"A feed failed: {snapshot.Feeds.First(f => !f.Succeeded).Error}");
                var batched = await TimeAsync(() => reader.ReadAsync(subset));
                var oneByOne = await TimeAsync(async () =>
                {
                    foreach (var feed in subset)
                        await rpc.CallAsync(ChainlinkFeedReader.LatestRoundData, new ContractCall(feed, Core.Evm.Abi.AbiDeclarations.EncodeCall(ChainlinkFeedReader.LatestRoundData)), BlockParameter.CreateLatest());
                });
                Console.WriteLine(format, size, 2 * size + 2, requests, Ms(batched), Ms(oneByOne),
                    $"{(batched / single).ToString("0.0", CultureInfo.InvariantCulture)}× ({Ms(single)} ms)");
            }
        }
    }

    private static string Ms(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Median wall time in ms of <paramref name="operation"/> after a warm-up.</summary>
    private static async Task<double> TimeAsync(Func<Task> operation)
    {
        for (var i = 0; i < 10; i++) await operation();
        var times = new List<double>(Samples);
        for (var i = 0; i < Samples; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation();
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        times.Sort();
        return times[Samples / 2];
    }

    /// <summary>Copies the mock's runtime code (decimals is an immutable in it) to new addresses and posts a round on each.</summary>
    private static async Task<List<Address>> CloneFeedsAsync(JsonRpcClient rpc, Address template, string from, int count)
    {
        var code = (await rpc.CallAsync(RpcCalls.Raw("eth_getCode", template.ToLowerHex(), "latest"))).GetString()!;
        var head = await rpc.GetBlockByNumberAsync(BlockParameter.CreateLatest());
        var setRound = Core.Evm.Abi.AbiDeclarations.Function("function setRoundData(uint80,int256,uint256,uint256,uint80)");
        var clones = new List<Address>();
        for (var i = 0; i < count; i++)
        {
            var address = Address.Parse("0x" + (0xC10E_0000 + i).ToString("x", CultureInfo.InvariantCulture).PadLeft(40, '0'));
            await rpc.CallAsync(RpcCalls.Raw("hardhat_setCode", address.ToLowerHex(), code));
            var time = new BigInteger(head!.Time().ToUnixTimeSeconds());
            var data = Core.Evm.Abi.AbiDeclarations.EncodeCall(setRound, BigInteger.One, new BigInteger(3000_00000000L + i), time, time, BigInteger.One);
            // The node signs for its own unlocked default accounts; the benchmark measures reads, not signing.
            await rpc.CallAsync(RpcCalls.Raw("eth_sendTransaction", new JsonObject { ["from"] = from, ["to"] = address.ToLowerHex(), ["data"] = Hex.Encode(data) }));
            clones.Add(address);
        }
        return clones;
    }

    private static async Task<(Process Process, string Manifest)> StartDevnetAsync()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Functions.sln")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Run the benchmark from inside the repository (Functions.sln not found above it).");
        var manifest = Path.Combine(Path.GetTempPath(), $"chaintrader-bench-{Environment.ProcessId}.json");
        var start = new ProcessStartInfo("node", ["devnet.js", "chain", "--manifest", manifest])
        {
            WorkingDirectory = Path.Combine(root, "devnet"),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        Console.Error.WriteLine("Starting the devnet (node devnet/devnet.js chain)…");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("READY ", StringComparison.Ordinal))
                return (process, manifest);
        }
        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("The devnet exited before it was ready; run `node devnet/devnet.js chain` to see why.");
    }

    /// <summary>Counts HTTP requests and adds <paramref name="latency"/> to each (a stand-in for network distance).</summary>
    private sealed class CountingHandler(TimeSpan latency) : DelegatingHandler(new HttpClientHandler())
    {
        private int _requests;
        public int Requests => Volatile.Read(ref _requests);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            if (latency > TimeSpan.Zero) await Task.Delay(latency, cancellationToken);
            return await base.SendAsync(request, cancellationToken);
        }
    }
}
