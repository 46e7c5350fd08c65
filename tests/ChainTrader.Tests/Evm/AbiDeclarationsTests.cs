using System.Numerics;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Core;
using ChainTrader.Core.Evm.Abi;
using ChainTrader.Tests.Infrastructure;
using Nethereum.ABI.ABIDeserialisation;
using Nethereum.ABI.Model;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Tests.Evm;

/// <summary>
/// The desk's declarations through Nethereum's parser, encoder and decoder: published selectors and topics, the checks the
/// desk adds (argument count, data shorter than the head, canonical re-encoding), log decoding, revert reasons, and the real
/// Uniswap V2 build artifacts through Nethereum's JSON ABI reader.
/// </summary>
public sealed class AbiDeclarationsTests
{
    private static string Words(params string[] words) => string.Concat(words.Select(w => w.PadLeft(64, '0')));

    [Theory]
    [InlineData("transfer(address,uint256)", "0xa9059cbb")]
    [InlineData("balanceOf(address)", "0x70a08231")]
    [InlineData("approve(address,uint256)", "0x095ea7b3")]
    [InlineData("transferFrom(address,address,uint256)", "0x23b872dd")]
    [InlineData("allowance(address,address)", "0xdd62ed3e")]
    [InlineData("decimals()", "0x313ce567")]
    [InlineData("symbol()", "0x95d89b41")]
    [InlineData("totalSupply()", "0x18160ddd")]
    [InlineData("getReserves()", "0x0902f1ac")]
    [InlineData("swapExactTokensForTokens(uint256,uint256,address[],address,uint256)", "0x38ed1739")]
    [InlineData("function transfer(address to, uint amount) external returns (bool)", "0xa9059cbb")]
    public void Well_known_selectors(string declaration, string selector)
        => Assert.Equal(selector, AbiDeclarations.Function(declaration).SelectorHex());

    [Theory]
    [InlineData("Transfer(address indexed from, address indexed to, uint256 value)", "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")]
    [InlineData("event Approval(address indexed owner, address indexed spender, uint value)", "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925")]
    [InlineData("Swap(address indexed sender,uint amount0In,uint amount1In,uint amount0Out,uint amount1Out,address indexed to)", "0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822")]
    [InlineData("event Sync(uint112 reserve0, uint112 reserve1)", "0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1")]
    public void Well_known_event_topics(string declaration, string topic0)
        => Assert.Equal(topic0, AbiDeclarations.Event(declaration).Topic0Hex());

    [Fact]
    public void Human_readable_function_with_names_and_returns()
    {
        var balanceOf = AbiDeclarations.Function("function balanceOf(address owner) view returns (uint256)");
        Assert.Equal("balanceOf", balanceOf.Name);
        Assert.Equal("balanceOf(address)", balanceOf.Signature);
        Assert.True(balanceOf.Constant);
        Assert.Equal("owner", balanceOf.InputParameters[0].Name);
        Assert.Equal("uint256", Assert.Single(balanceOf.OutputParameters).Type);

        var output = AbiDeclarations.Decode(balanceOf.OutputParameters, Hex.Decode(Words("de0b6b3a7640000")));
        Assert.Equal(BigInteger.Pow(10, 18), output.Get<BigInteger>(0));
    }

    [Fact]
    public void Swap_calldata_round_trips_with_named_inputs()
    {
        var swap = AbiDeclarations.Function("swapExactTokensForTokens(uint256 amountIn,uint256 amountOutMin,address[] path,address to,uint256 deadline)");
        var path = new[] { "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2", "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48" };
        var calldata = swap.EncodeCall(BigInteger.Pow(10, 18), new BigInteger(1_500_000_000), path, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", 1_700_000_000);
        Assert.Equal("0x38ed1739", Hex.Encode(calldata.AsSpan(0, 4)));
        Assert.Equal(4 + 32 * 8, calldata.Length);

        var inputs = AbiDeclarations.DecodeCanonical(swap.InputParameters, calldata[4..]);
        Assert.Equal(BigInteger.Pow(10, 18), inputs.Get<BigInteger>("amountIn"));
        Assert.Equal(path, inputs.Get<List<string>>("path").Select(a => a.ToLowerInvariant()));
        Assert.Equal(new BigInteger(1_700_000_000), inputs.Get<BigInteger>("deadline"));
        var missing = Assert.Throws<KeyNotFoundException>(() => inputs.Get<string>("recipient"));
        Assert.Contains("amountIn, amountOutMin, path, to, deadline", missing.Message);

        var count = Assert.Throws<ArgumentException>(() => swap.EncodeCall(BigInteger.One));
        Assert.StartsWith("swapExactTokensForTokens(uint256,uint256,address[],address,uint256) takes 5 argument(s) but 1 were given.", count.Message);
    }

    [Fact]
    public void Data_shorter_than_the_head_or_not_canonical_is_refused()
    {
        var reserves = AbiDeclarations.Function("function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)");
        var shortData = Assert.Throws<FormatException>(() => AbiDeclarations.Decode(reserves.OutputParameters, Hex.Decode(Words("1", "2"))));
        Assert.Equal("needs a 32-byte word at byte 64 but the data is 64 bytes long.", shortData.Message);

        var dirty = Hex.Decode(Words("1", "2", "1" + new string('0', 56) + "3"));
        var notCanonical = Assert.Throws<FormatException>(() => AbiDeclarations.DecodeCanonical(reserves.OutputParameters, dirty));
        Assert.StartsWith("data is not a canonical encoding of (uint112,uint112,uint32)", notCanonical.Message);
    }

    [Fact]
    public void Uniswap_swap_log_decodes_to_named_values()
    {
        var swap = AbiDeclarations.Event("Swap(address indexed sender,uint amount0In,uint amount1In,uint amount0Out,uint amount1Out,address indexed to)");
        var log = Log(["0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822", "0x" + Words("7a250d5630b4cf539739df2c5dacb4c659f2488d"),
            "0x" + Words("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")], Words("de0b6b3a7640000", "0", "0", "1234"));

        var values = EventLogs.Decode(swap, log);
        Assert.Equal("0x7a250d5630b4cf539739df2c5dacb4c659f2488d", values.Get<string>("sender").ToLowerInvariant());
        Assert.Equal(BigInteger.Pow(10, 18), values.Get<BigInteger>("amount0In"));
        Assert.Equal(BigInteger.Zero, values.Get<BigInteger>("amount1In"));
        Assert.Equal(new BigInteger(0x1234), values.Get<BigInteger>("amount1Out"));
        Assert.Equal("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", values.Get<string>("to").ToLowerInvariant());
    }

    [Fact]
    public void Logs_of_another_event_with_the_wrong_topics_or_short_data_are_refused()
    {
        var transfer = AbiDeclarations.Event("Transfer(address indexed from, address indexed to, uint256 value)");
        var approvalTopic = AbiDeclarations.Event("Approval(address indexed owner, address indexed spender, uint256 value)").Topic0Hex();
        var address = "0x" + Words("1");

        var other = Assert.Throws<FormatException>(() => EventLogs.Decode(transfer, Log([approvalTopic, address, address], Words("5"))));
        Assert.Equal("The log's topic 0 is not Transfer(address,address,uint256)'s.", other.Message);
        var count = Assert.Throws<FormatException>(() => EventLogs.Decode(transfer, Log([transfer.Topic0Hex(), address], Words("5"))));
        Assert.Equal("A Transfer(address,address,uint256) log has 3 topics but this one has 2.", count.Message);
        var dirty = Assert.Throws<FormatException>(() => EventLogs.Decode(transfer, Log([transfer.Topic0Hex(), "0x" + Words("1" + new string('0', 40)), address], Words("5"))));
        Assert.StartsWith("Transfer(address,address,uint256) log does not decode: data is not a canonical encoding of (address)", dirty.Message);
        var shortData = Assert.Throws<FormatException>(() => EventLogs.Decode(transfer, Log([transfer.Topic0Hex(), address, address], "05")));
        Assert.Equal("Transfer(address,address,uint256) log has 1 bytes of data, too few for its non-indexed values.", shortData.Message);
    }

    [Fact]
    public void Declarations_of_the_wrong_kind_are_rejected()
    {
        Assert.Throws<FormatException>(() => AbiDeclarations.Error("function f(uint a)"));
        Assert.Throws<FormatException>(() => AbiDeclarations.Function("event E(uint a)"));
        Assert.Throws<FormatException>(() => AbiDeclarations.Event("error E(uint a)"));
        var nested = Assert.Throws<FormatException>(() => AbiDeclarations.Function("f(((uint8),bool))"));
        Assert.Contains("has a tuple inside a tuple", nested.Message);
        var dimensions = Assert.Throws<FormatException>(() => AbiDeclarations.Function("f((uint8,bool)[][2])"));
        Assert.Contains("has a multi-dimensional tuple array", dimensions.Message);
        Assert.Equal("f((uint8,bool)[2])", AbiDeclarations.Function("f((uint8,bool)[2])").Signature);
    }

    [Fact]
    public void Tuple_parameters_keep_the_canonical_signature()
    {
        var swap = AbiDeclarations.Function(
            "function swap((address tokenIn, uint24 fee)[] calldata path, bytes32 id, address payable to) external payable returns (uint256 amountOut, bool ok)");
        Assert.Equal("swap((address,uint24)[],bytes32,address)", swap.Signature);
        Assert.Equal(["amountOut", "ok"], swap.OutputParameters.Select(o => o.Name));
    }

    // ---------------------------------------------------------------- revert reasons

    [Fact]
    public void Error_string_revert_from_the_solidity_documentation()
    {
        var data = Hex.Decode("0x08c379a0" + Words("20", "1a") + "4e6f7420656e6f7567682045746865722070726f76696465642e000000000000");
        var reason = RevertReason.Decode(data);
        Assert.Equal(RevertKind.Error, reason.Kind);
        Assert.Equal("Not enough Ether provided.", reason.ErrorMessage);
        Assert.Equal("Reverted: Not enough Ether provided.", reason.Message);
        Assert.Equal("0x08c379a0", RevertReason.ErrorString.SelectorHex());
    }

    [Theory]
    [InlineData("11", "Panic 0x11: arithmetic underflow or overflow.")]
    [InlineData("12", "Panic 0x12: division or modulo by zero.")]
    [InlineData("1", "Panic 0x01: assertion failed.")]
    [InlineData("32", "Panic 0x32: array index out of bounds.")]
    [InlineData("41", "Panic 0x41: out of memory (allocation or array too large).")]
    [InlineData("99", "Panic 0x99: unknown panic code.")]
    public void Panic_reverts_explain_the_code(string code, string message)
    {
        var reason = RevertReason.Decode(Hex.Decode("0x4e487b71" + Words(code)));
        Assert.Equal(RevertKind.Panic, reason.Kind);
        Assert.Equal(message, reason.Message);
        Assert.Equal(BigInteger.Parse("0" + code, System.Globalization.NumberStyles.HexNumber), reason.PanicCode);
        Assert.Equal("0x4e487b71", RevertReason.PanicError.SelectorHex());
    }

    [Fact]
    public void Custom_errors_decode_when_their_definition_is_given()
    {
        var insufficient = AbiDeclarations.Error("error InsufficientBalance(uint256 available, uint256 required)");
        Assert.Equal("0xcf479181", insufficient.SelectorHex());
        var data = Hex.Decode("0xcf479181" + Words("64", "c8"));

        var reason = RevertReason.Decode(data, [AbiDeclarations.Error("error Unauthorized(address caller)"), insufficient]);
        Assert.Equal(RevertKind.CustomError, reason.Kind);
        Assert.Same(insufficient, reason.CustomError);
        Assert.Equal(new BigInteger(200), reason.Arguments!.Get<BigInteger>("required"));
        Assert.Equal("Reverted with custom error InsufficientBalance(available=100, required=200).", reason.Message);

        var unknown = RevertReason.Decode(data);
        Assert.Equal(RevertKind.Unrecognized, unknown.Kind);
        Assert.Equal($"Reverted with unrecognized data {Hex.Encode(data)}.", unknown.Message);
    }

    [Fact]
    public void Empty_and_malformed_revert_data()
    {
        var empty = RevertReason.Decode([]);
        Assert.Equal(RevertKind.Empty, empty.Kind);
        Assert.Equal("Reverted without a reason (no revert data).", empty.Message);

        var truncated = RevertReason.Decode(Hex.Decode("0x08c379a0" + Words("20", "40")));
        Assert.Equal(RevertKind.Unrecognized, truncated.Kind);
        // Nethereum reads past the end as zeros; the canonical re-encoding check is what refuses a string that is not all there.
        Assert.StartsWith("Reverted with malformed error data 0x08c379a0", truncated.Message);
        Assert.Contains("Error arguments: data is not a canonical encoding of (string)", truncated.Message);

        var shortPanic = RevertReason.Decode(Hex.Decode("0x4e487b71" + "11"));
        Assert.Equal(RevertKind.Unrecognized, shortPanic.Kind);
        Assert.Contains("needs a 32-byte word at byte 0 but the data is 1 bytes long", shortPanic.Message);
    }

    // ---------------------------------------------------------------- JSON ABI from the real Uniswap V2 build artifacts

    [Fact]
    public async Task Uniswap_v2_json_abis_load_with_the_expected_selectors_and_topics()
    {
        await NodeKit.EnsureInstalledAsync();
        var pair = new ABIJsonDeserialiser().DeserialiseContract(ArtifactAbi("@uniswap/v2-core/build/UniswapV2Pair.json"));
        var getReserves = pair.Functions.Single(f => f.Name == "getReserves");
        Assert.Equal("0x0902f1ac", getReserves.SelectorHex());
        Assert.Equal(["_reserve0", "_reserve1", "_blockTimestampLast"], getReserves.OutputParameters.Select(o => o.Name));
        Assert.Equal("Swap(address,uint256,uint256,uint256,uint256,address)", pair.Events.Single(e => e.Name == "Swap").Signature);
        Assert.Equal("Sync", pair.FindEventABI("0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1").Name);
        Assert.Equal(UniswapV2Pair.SyncEvent.Topic0Hex(), pair.Events.Single(e => e.Name == "Sync").Topic0Hex());

        var router = new ABIJsonDeserialiser().DeserialiseContract(ArtifactAbi("@uniswap/v2-periphery/build/UniswapV2Router02.json"));
        var swap = router.FindFunctionABI("0x38ed1739");
        Assert.Equal("swapExactTokensForTokens", swap.Name);
        Assert.Equal(UniswapV2Router.SwapExactTokensForTokensFunction.Signature, swap.Signature);
        Assert.Equal("payable", router.Functions.Single(f => f.Name == "swapExactETHForTokens").StateMutability);
        Assert.Null(router.FindFunctionABI("0xdeadbeef"));
    }

    private static FilterLog Log(string[] topics, string data)
        => MinedLog.Of("0x000000000000000000000000000000000000c0de", topics, Hex.Decode("0x" + data), 1, "0x" + Words("b"), "0x" + Words("7"));

    private static string ArtifactAbi(string relativePath)
    {
        using var artifact = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.DevnetNodeModules, relativePath)));
        return artifact.RootElement.GetProperty("abi").GetRawText();
    }
}
