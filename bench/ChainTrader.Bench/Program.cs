using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Bench;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;
using Nethereum.ABI;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;

if (args is ["watcher", .. var watcherArgs]) return await WatcherBenchmark.RunAsync(watcherArgs);
if (args is ["oracle-poll", .. var oracleArgs]) return await OraclePollBench.RunAsync(oracleArgs);
if (args is ["lifecycle", .. var lifecycleArgs]) return await LifecycleBenchmark.RunAsync(lifecycleArgs);
if (args is ["sign", .. var signArgs]) return await SigningBenchmark.RunAsync(signArgs);
if (args is ["engine-latency", .. var engineArgs]) return await EngineLatencyBenchmark.RunAsync(engineArgs);
if (args is ["webhook", .. var webhookArgs]) return await WebhookLatencyBenchmark.RunAsync(webhookArgs);

// A Uniswap V2 swap as the desk sends it: swapExactTokensForTokens on the router, EIP-1559, with a fresh nonce each
// time so no two signatures are of the same bytes.
var warmUp = TimeSpan.FromSeconds(2);
var round = TimeSpan.FromSeconds(1);
const int rounds = 7;

var key = PrivateKey.FromHex("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
var router = Address.Parse("0x7a250d5630B4cF539739dF2C5dAcb4c659F2488D");
var usdc = "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48";
var weth = "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2";
var swap = AbiDeclarations.Function("swapExactTokensForTokens(uint256,uint256,address[],address,uint256)");
byte[] Calldata(long deadline) => swap.EncodeCall(
    BigInteger.Parse("2500000000", CultureInfo.InvariantCulture),          // 2,500 USDC (6 decimals)
    BigInteger.Parse("990000000000000000", CultureInfo.InvariantCulture),  // at least 0.99 WETH
    new object[] { usdc, weth },
    key.Address.ToLowerHex(),
    new BigInteger(deadline));

var calldata = Calldata(1_800_000_000);
ulong nonce = 0;
var routerHex = router.ToLowerHex();
var calldataHex = ChainTrader.Core.Hex.Encode(calldata);
int SignAndSerialize() => key.Sign(new Nethereum.Model.Transaction1559(1, nonce++, 1_500_000_000, 40_000_000_000, 250_000, routerHex, 0, calldataHex, []))
    .ToRawBytes().Length;

long deadline = 1_800_000_000;
int EncodeCalldata() => Calldata(deadline++).Length;

// The router builder (validation included) as the lifecycle calls it.
var path = new[] { Address.Parse(usdc), Address.Parse(weth) };
int BuildSwapCall() => UniswapV2Router.SwapExactTokensForTokens(router, 2_500_000_000, 990_000_000_000_000_000, path, key.Address,
    DateTimeOffset.FromUnixTimeSeconds(deadline++)).Data.Length;

// Settling a fill: a swap receipt's logs (Transfer in, Transfer out, Sync, Swap) decoded into typed records.
var pair = Address.Parse("0xB4e16d0168e52d35CaCD2c6185b44281Ec28C9Dc");
string Topic(Address a) => "0x000000000000000000000000" + a.ToLowerHex()[2..];
// Log data of static integers: one ABI word each, as Nethereum encodes them.
byte[] Words(params BigInteger[] values) =>
    new ParametersEncoder().EncodeAbiTypes(values.Select(_ => ABIType.CreateABIType("uint256")).ToArray(), values.Cast<object>().ToArray());
FilterLog Log(Address emitter, string[] topics, byte[] data, ulong index) => new()
{
    Address = emitter.ToLowerHex(), Topics = topics, Data = ChainTrader.Core.Hex.Encode(data), BlockNumber = new HexBigInteger(1), BlockHash = "0x" + new string('1', 64),
    TransactionHash = "0x" + new string('2', 64), TransactionIndex = new HexBigInteger(0), LogIndex = new HexBigInteger(index),
};
var receiptLogs = new[]
{
    Log(Address.Parse(usdc), [Erc20.TransferEvent.Topic0Hex(), Topic(key.Address), Topic(pair)], Words(new BigInteger(2_500_000_000)), 0),
    Log(Address.Parse(weth), [Erc20.TransferEvent.Topic0Hex(), Topic(pair), Topic(key.Address)], Words(new BigInteger(995_000_000_000_000_000)), 1),
    Log(pair, [UniswapV2Pair.SyncEvent.Topic0Hex()], Words(new BigInteger(1_000_000_000_000), new BigInteger(400_000_000_000_000_000_000m)), 2),
    Log(pair, [UniswapV2Pair.SwapEvent.Topic0Hex(), Topic(router), Topic(key.Address)],
        Words(new BigInteger(2_500_000_000), BigInteger.Zero, BigInteger.Zero, new BigInteger(995_000_000_000_000_000)), 3),
};
int DecodeSwapReceipt() => UniswapV2Router.Fill(receiptLogs, path, [pair]).Swaps.Count + Erc20.Transfers(receiptLogs).Count + UniswapV2Pair.Syncs(receiptLogs).Count;

// One feed's latestRoundData answer, as the oracle poller decodes it for every feed on every poll.
var roundData = new ParametersEncoder().EncodeParameters(ChainlinkFeedReader.LatestRoundData.OutputParameters, (BigInteger.One << 64) + 10_685,
    new BigInteger(300_012_345_678), new BigInteger(1_800_000_000), new BigInteger(1_800_000_000), (BigInteger.One << 64) + 10_685);
int DecodeRound() => ContractReads.DecodeOutput(ChainlinkFeedReader.LatestRoundData, router, roundData).Count;

var measurements = new[]
{
    Measurement.Run("sign + serialize EIP-1559 swap tx", SignAndSerialize, warmUp, round, rounds),
    Measurement.Run("ABI-encode swapExactTokensForTokens", EncodeCalldata, warmUp, round, rounds),
    Measurement.Run("router builder: swap call (validated)", BuildSwapCall, warmUp, round, rounds),
    Measurement.Run("decode swap receipt logs (4 logs)", DecodeSwapReceipt, warmUp, round, rounds),
    Measurement.Run("decode Chainlink latestRoundData", DecodeRound, warmUp, round, rounds),
};

#if DEBUG
Console.WriteLine("WARNING: Debug build; run with -c Release for meaningful figures.");
#endif
Console.WriteLine($"ChainTrader.Bench  {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSArchitecture}, " +
                  $"{Environment.ProcessorCount} logical cores (shared with other work), warm-up {warmUp.TotalSeconds:0} s, {rounds} rounds of {round.TotalSeconds:0} s");
Console.WriteLine();
const string format = "| {0,-38} | {1,12} | {2,12} | {3,12} | {4,7} | {5,9} |";
Console.WriteLine(format, "benchmark", "median op/s", "min op/s", "max op/s", "spread", "µs/op");
Console.WriteLine(format, new string('-', 38), new string('-', 12), new string('-', 12), new string('-', 12), new string('-', 7), new string('-', 9));
foreach (var m in measurements)
{
    Console.WriteLine(format, m.Name, m.Median.ToString("N0", CultureInfo.InvariantCulture), m.Min.ToString("N0", CultureInfo.InvariantCulture),
        m.Max.ToString("N0", CultureInfo.InvariantCulture), m.Spread.ToString("P1", CultureInfo.InvariantCulture),
        m.MicrosecondsPerOperation.ToString("N1", CultureInfo.InvariantCulture));
}
Console.WriteLine();
Console.WriteLine("spread = (max - min) / median across rounds; op/s is single-threaded.");
return 0;
