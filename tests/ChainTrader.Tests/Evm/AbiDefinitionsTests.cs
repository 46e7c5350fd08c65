using System.Numerics;
using ChainTrader.Core;
using ChainTrader.Core.Evm.Abi;
using ChainTrader.Tests.Infrastructure;

namespace ChainTrader.Tests.Evm;

/// <summary>Functions, events, errors and revert reasons, against published selectors/topics and real Uniswap V2 build artifacts.</summary>
public sealed class AbiDefinitionsTests
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
        => Assert.Equal(selector, AbiFunction.Parse(declaration).SelectorHex);

    [Theory]
    [InlineData("Transfer(address indexed from, address indexed to, uint256 value)", "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")]
    [InlineData("event Approval(address indexed owner, address indexed spender, uint value)", "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925")]
    [InlineData("Swap(address indexed sender,uint amount0In,uint amount1In,uint amount0Out,uint amount1Out,address indexed to)", "0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822")]
    [InlineData("event Sync(uint112 reserve0, uint112 reserve1)", "0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1")]
    public void Well_known_event_topics(string declaration, string topic0)
        => Assert.Equal(topic0, AbiEvent.Parse(declaration).Topic0Hex);

    [Fact]
    public void Human_readable_function_with_names_mutability_and_returns()
    {
        var balanceOf = AbiFunction.Parse("function balanceOf(address owner) view returns (uint256)");
        Assert.Equal("balanceOf", balanceOf.Name);
        Assert.Equal("balanceOf(address)", balanceOf.Signature);
        Assert.Equal(AbiStateMutability.View, balanceOf.StateMutability);
        Assert.Equal("owner", balanceOf.Inputs[0].Name);
        Assert.Equal(AbiType.UInt256, Assert.Single(balanceOf.Outputs).Type);

        var output = balanceOf.DecodeOutput(Hex.Decode(Words("de0b6b3a7640000")));
        Assert.Equal(BigInteger.Pow(10, 18), output.Get<BigInteger>(0));

        var swap = AbiFunction.Parse(
            "function swap((address tokenIn, uint24 fee)[] calldata path, bytes32 id, address payable to) external payable returns (uint256 amountOut, bool ok)");
        Assert.Equal("swap((address,uint24)[],bytes32,address)", swap.Signature);
        Assert.Equal(AbiStateMutability.Payable, swap.StateMutability);
        var path = Assert.IsType<AbiArrayType>(swap.Inputs[0].Type);
        Assert.Equal(["tokenIn", "fee"], Assert.IsType<AbiTupleType>(path.Element).Components.Select(c => c.Name));
        Assert.Equal(["amountOut", "ok"], swap.Outputs.Select(o => o.Name));

        // ToString is itself a declaration that parses back to the same function.
        Assert.Equal(swap.Signature, AbiFunction.Parse(swap.ToString()).Signature);
    }

    [Fact]
    public void Swap_calldata_round_trips_with_named_inputs()
    {
        var swap = AbiFunction.Parse("swapExactTokensForTokens(uint256 amountIn,uint256 amountOutMin,address[] path,address to,uint256 deadline)");
        var path = new[] { "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2", "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48" };
        var calldata = swap.Encode(BigInteger.Pow(10, 18), new BigInteger(1_500_000_000), path, "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", 1_700_000_000);
        Assert.Equal("0x38ed1739", Hex.Encode(calldata.AsSpan(0, 4)));
        Assert.Equal(4 + 32 * 8, calldata.Length);

        var inputs = swap.DecodeInput(calldata);
        Assert.Equal(BigInteger.Pow(10, 18), inputs.Get<BigInteger>("amountIn"));
        Assert.Equal(path, inputs.Get<IReadOnlyList<object>>("path"));
        Assert.Equal(new BigInteger(1_700_000_000), inputs["deadline"]);
        var missing = Assert.Throws<KeyNotFoundException>(() => inputs["recipient"]);
        Assert.Contains("the names are: amountIn, amountOutMin, path, to, deadline", missing.Message);
    }

    [Fact]
    public void Uniswap_swap_log_decodes_to_named_values()
    {
        var swap = AbiEvent.Parse("Swap(address indexed sender,uint amount0In,uint amount1In,uint amount0Out,uint amount1Out,address indexed to)");
        var topics = new[]
        {
            Hex.Decode("0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822"),
            Hex.Decode(Words("7a250d5630b4cf539739df2c5dacb4c659f2488d")),
            Hex.Decode(Words("5aaeb6053f3e94c9b9a09f33669435e7ef1beaed")),
        };
        var data = Hex.Decode(Words("de0b6b3a7640000", "0", "0", "1234"));

        var log = swap.DecodeLog(topics, data);
        Assert.Equal("0x7a250d5630b4cf539739df2c5dacb4c659f2488d", log["sender"]);
        Assert.Equal(BigInteger.Pow(10, 18), log["amount0In"]);
        Assert.Equal(BigInteger.Zero, log["amount1In"]);
        Assert.Equal(new BigInteger(0x1234), log["amount1Out"]);
        Assert.Equal("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", log["to"]);
        Assert.Equal(
            "sender=\"0x7a250d5630b4cf539739df2c5dacb4c659f2488d\", amount0In=1000000000000000000, amount1In=0, amount0Out=0, amount1Out=4660, to=\"0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed\"",
            log.ToString());

        // The filter topic for "to" is the padded address.
        Assert.Equal(topics[2], swap.EncodeTopic("to", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"));
    }

    [Fact]
    public void Indexed_dynamic_values_yield_their_hash()
    {
        var named = AbiEvent.Parse("event Named(string indexed label, bytes32 indexed node, string label2)");
        var labelHash = named.EncodeTopic("label", "vitalik");
        Assert.Equal(Hex.Encode(Nethereum.Util.Sha3Keccack.Current.CalculateHashAsBytes("vitalik")), Hex.Encode(labelHash));
        var node = Hex.Decode(Words("abcd"));
        var log = named.DecodeLog([named.Topic0, labelHash, node], AbiCodec.Encode([AbiType.String], ["vitalik"]));
        Assert.Equal(labelHash, log.Get<byte[]>("label"));
        Assert.Equal(node, log.Get<byte[]>("node"));
        Assert.Equal("vitalik", log["label2"]);
    }

    [Fact]
    public void Logs_of_another_event_or_with_the_wrong_topics_are_refused()
    {
        var transfer = AbiEvent.Parse("Transfer(address indexed from, address indexed to, uint256 value)");
        var approvalTopic = AbiEvent.Parse("Approval(address indexed owner, address indexed spender, uint256 value)").Topic0;
        var address = Hex.Decode(Words("1"));
        var value = Hex.Decode(Words("5"));

        var other = Assert.Throws<AbiDecodingException>(() => transfer.DecodeLog([approvalTopic, address, address], value));
        Assert.Equal(
            "Log topic 0 is 0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925, not 0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef of Transfer(address,address,uint256).",
            other.Message);
        var count = Assert.Throws<AbiDecodingException>(() => transfer.DecodeLog([transfer.Topic0, address], value));
        Assert.Equal("A Transfer(address,address,uint256) log has 3 topics but this one has 2.", count.Message);
        var dirty = Assert.Throws<AbiDirtyPaddingException>(() => transfer.DecodeLog([transfer.Topic0, Hex.Decode(Words("1" + new string('0', 40))), address], value));
        Assert.Contains("Transfer topic 'from' (address) at byte 0: the 12 high bytes are not zero", dirty.Message);
    }

    [Theory]
    [InlineData("event E(uint a, uint b) returns (uint)", "events have no 'returns'")]
    [InlineData("function f(uint indexed a)", "'indexed' at position 16 is only allowed on event parameters")]
    [InlineData("function f(uint a) mutable", "unexpected 'mutable' after the parameter list")]
    [InlineData("function f(uint a b)", "unexpected 'b' at position 18 after parameter name 'a'")]
    [InlineData("function 9f(uint)", "expected a name at position 9 but found '9'")]
    [InlineData("error E(uint) view", "nothing may follow the parameter list")]
    public void Bad_declarations_are_rejected(string declaration, string expected)
    {
        Exception error = declaration.StartsWith("event", StringComparison.Ordinal)
            ? Assert.Throws<FormatException>(() => AbiEvent.Parse(declaration))
            : declaration.StartsWith("error", StringComparison.Ordinal)
                ? Assert.Throws<FormatException>(() => AbiError.Parse(declaration))
                : Assert.Throws<FormatException>(() => AbiFunction.Parse(declaration));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Too_many_indexed_event_parameters_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => AbiEvent.Parse("event E(uint indexed a, uint indexed b, uint indexed c, uint indexed d)"));
        Assert.StartsWith("Event E has 4 indexed parameters; at most 3 are allowed.", error.Message);
        Assert.True(AbiEvent.Parse("event E(uint indexed a, uint indexed b, uint indexed c, uint indexed d) anonymous").Anonymous);
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
        Assert.Equal("0x08c379a0", RevertReason.ErrorString.SelectorHex);
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
        Assert.Equal("0x4e487b71", RevertReason.PanicError.SelectorHex);
    }

    [Fact]
    public void Custom_errors_decode_when_their_definition_is_given()
    {
        var insufficient = AbiError.Parse("error InsufficientBalance(uint256 available, uint256 required)");
        Assert.Equal("0xcf479181", insufficient.SelectorHex);
        var data = Hex.Decode("0xcf479181" + Words("64", "c8"));
        Assert.Equal(data, insufficient.Encode(100, 200));

        var reason = RevertReason.Decode(data, [AbiError.Parse("error Unauthorized(address caller)"), insufficient]);
        Assert.Equal(RevertKind.CustomError, reason.Kind);
        Assert.Same(insufficient, reason.CustomError);
        Assert.Equal(new BigInteger(200), reason.Arguments!["required"]);
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
        Assert.Contains("Error argument 'message' (string) at byte 32: announces 64 bytes from byte 64 but the data is 64 bytes long.", truncated.Message);
    }

    // ---------------------------------------------------------------- JSON ABI from the real Uniswap V2 build artifacts

    [Fact]
    public async Task Uniswap_v2_json_abis_load_with_the_expected_selectors_and_topics()
    {
        await NodeKit.EnsureInstalledAsync();
        var pair = AbiInterface.ParseJson(ArtifactAbi("@uniswap/v2-core/build/UniswapV2Pair.json"));
        Assert.Equal("0x0902f1ac", pair.GetFunction("getReserves").SelectorHex);
        Assert.Equal(["_reserve0", "_reserve1", "_blockTimestampLast"], pair.GetFunction("getReserves").Outputs.Select(o => o.Name));
        Assert.Equal("Swap(address,uint256,uint256,uint256,uint256,address)", pair.GetEvent("Swap").Signature);
        Assert.Same(pair.GetEvent("Sync"), pair.FindEvent(Hex.Decode("0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1")));
        Assert.Equal(AbiStateMutability.View, pair.GetFunction("getReserves").StateMutability);

        var router = AbiInterface.ParseJson(ArtifactAbi("@uniswap/v2-periphery/build/UniswapV2Router02.json"));
        var swap = router.GetFunction("swapExactTokensForTokens");
        Assert.Equal("0x38ed1739", swap.SelectorHex);
        Assert.Equal(AbiStateMutability.Payable, router.GetFunction("swapExactETHForTokens").StateMutability);
        Assert.Same(swap, router.GetFunction("swapExactTokensForTokens(uint256,uint256,address[],address,uint256)"));
        var missing = Assert.Throws<KeyNotFoundException>(() => router.GetFunction("swapEverything"));
        Assert.Equal("No function \"swapEverything\" in this ABI.", missing.Message);
    }

    [Fact]
    public void Human_readable_interfaces_and_overloads()
    {
        var erc20 = AbiInterface.FromHumanReadable([
            "function transfer(address to, uint256 amount) returns (bool)",
            "function safeTransferFrom(address from, address to, uint256 id)",
            "function safeTransferFrom(address from, address to, uint256 id, bytes data)",
            "event Transfer(address indexed from, address indexed to, uint256 value)",
            "error InsufficientBalance(uint256 available, uint256 required)",
        ]);
        Assert.Equal("0xa9059cbb", erc20.GetFunction("transfer").SelectorHex);
        var overloaded = Assert.Throws<KeyNotFoundException>(() => erc20.GetFunction("safeTransferFrom"));
        Assert.Contains("use a signature: safeTransferFrom(address,address,uint256), safeTransferFrom(address,address,uint256,bytes)", overloaded.Message);
        Assert.Equal(4, erc20.GetFunction("safeTransferFrom(address,address,uint256,bytes)").Inputs.Count);
        Assert.Equal(RevertKind.CustomError, erc20.DecodeRevert(erc20.Errors[0].Encode(1, 2)).Kind);
        Assert.Throws<FormatException>(() => AbiInterface.FromHumanReadable(["constructor(uint256 supply)"]));
    }

    private static string ArtifactAbi(string relativePath)
    {
        using var artifact = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.DevnetNodeModules, relativePath)));
        return artifact.RootElement.GetProperty("abi").GetRawText();
    }
}
