using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json;
using ChainTrader.Core;
using ChainTrader.Core.Evm;
using Nethereum.Model;

namespace ChainTrader.Bench;

/// <summary>
/// Sign + serialize of an EIP-1559 Uniswap V2 swap through the app's signing path, and the same transaction signed
/// by ethers v6 (the npm package in devnet/) right after it, timed the same way, so the two rates are comparable.
/// </summary>
internal static class SigningBenchmark
{
    // Hardhat's second development account; a public test key.
    private const string KeyHex = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
    private const string Router = "0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D";
    private const string Usdc = "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48";
    private const string Weth = "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2";

    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Round = TimeSpan.FromSeconds(1);
    private const int Rounds = 7;

    public static async Task<int> RunAsync(string[] args)
    {
        var devnet = args is ["--devnet", var path] ? path : FindDevnet();
        var key = PrivateKey.FromHex(KeyHex);
        var calldata = SwapCalldata(key.Address);
        var router = Address.Parse(Router);
        var routerHex = router.ToLowerHex();
        var calldataHex = Hex.Encode(calldata);

        // As TransactionSender builds and signs a swap: Nethereum's EIP-1559 model, signed by the app's signer.
        ulong nonce = 0;
        int SignAndSerialize() => key.Sign(new Transaction1559(1, nonce++, 1_500_000_000, 40_000_000_000, 250_000, routerHex, 0, calldataHex, []))
            .ToRawBytes().Length;

        var ours = Measurement.Run("ChainTrader", SignAndSerialize, WarmUp, Round, Rounds);
        var (node, ethers) = await RunEthersAsync(devnet, router, calldata);

#if DEBUG
        Console.WriteLine("WARNING: Debug build; run with -c Release for meaningful figures.");
#endif
        Console.WriteLine($"sign + serialize EIP-1559 swap  {RuntimeInformation.FrameworkDescription}, node {node}, " +
                          $"{Environment.ProcessorCount} logical cores (shared with other work), warm-up {WarmUp.TotalSeconds:0} s, {Rounds} rounds of {Round.TotalSeconds:0} s");
        const string format = "| {0,-22} | {1,12} | {2,12} | {3,12} | {4,7} | {5,9} |";
        Console.WriteLine(format, "signer", "median op/s", "min op/s", "max op/s", "spread", "µs/op");
        Console.WriteLine(format, new string('-', 22), new string('-', 12), new string('-', 12), new string('-', 12), new string('-', 7), new string('-', 9));
        foreach (var m in new[] { ours, ethers })
        {
            Console.WriteLine(format, m.Name, m.Median.ToString("N0", CultureInfo.InvariantCulture), m.Min.ToString("N0", CultureInfo.InvariantCulture),
                m.Max.ToString("N0", CultureInfo.InvariantCulture), m.Spread.ToString("P1", CultureInfo.InvariantCulture),
                m.MicrosecondsPerOperation.ToString("N1", CultureInfo.InvariantCulture));
        }
        Console.WriteLine($"ChainTrader / ethers: {(ours.Median / ethers.Median).ToString("0.00", CultureInfo.InvariantCulture)}x (single-threaded)");
        return 0;
    }

    /// <summary>swapExactTokensForTokens(2,500 USDC, at least 0.99 WETH, [USDC, WETH], signer, deadline), ABI-encoded by hand so the benchmark measures signing only.</summary>
    private static byte[] SwapCalldata(Address recipient)
    {
        static byte[] Word(BigInteger value)
        {
            var word = new byte[32];
            var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
            bytes.CopyTo(word, 32 - bytes.Length);
            return word;
        }
        static byte[] AddressWord(Address address) => [.. new byte[12], .. address.ToBytes()];
        byte[] selector = [0x38, 0xed, 0x17, 0x39];
        return
        [
            .. selector, .. Word(2_500_000_000), .. Word(990_000_000_000_000_000), .. Word(0xa0), .. AddressWord(recipient), .. Word(1_800_000_000),
            .. Word(2), .. AddressWord(Address.Parse(Usdc)), .. AddressWord(Address.Parse(Weth)),
        ];
    }

    private static async Task<(string NodeVersion, Measurement Rates)> RunEthersAsync(string devnet, Address router, byte[] calldata)
    {
        if (!File.Exists(Path.Combine(devnet, "node_modules", "ethers", "package.json")))
            throw new InvalidOperationException($"ethers is not installed under {devnet}/node_modules; run `npm ci` in devnet/ first.");
        var script = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "ethers-sign.js"));
        var start = new ProcessStartInfo("node", ["-e", script])
        {
            WorkingDirectory = devnet,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.StandardInput.WriteAsync(JsonSerializer.Serialize(new
        {
            key = KeyHex, to = router.ToString(), data = Hex.Encode(calldata),
            warmUpSeconds = WarmUp.TotalSeconds, roundSeconds = Round.TotalSeconds, rounds = Rounds,
        }));
        node.StandardInput.Close();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        if (node.ExitCode != 0)
            throw new InvalidOperationException($"node failed ({node.ExitCode}): {await stderr}");
        using var result = JsonDocument.Parse(await stdout);
        var rounds = result.RootElement.GetProperty("rounds").EnumerateArray().Select(r => r.GetDouble()).ToList();
        return (result.RootElement.GetProperty("node").GetString()!, new Measurement($"ethers v{result.RootElement.GetProperty("version").GetString()}", rounds));
    }

    /// <summary>devnet/ of the repository this binary was built from (bench/ChainTrader.Bench/bin/... lies below it).</summary>
    private static string FindDevnet()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
                return Path.Combine(dir.FullName, "devnet");
        }
        throw new InvalidOperationException("Cannot find the repository root (Functions.sln) above the benchmark binary; pass --devnet PATH.");
    }
}
