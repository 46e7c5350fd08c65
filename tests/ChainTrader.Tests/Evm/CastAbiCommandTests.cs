using ChainTrader.Cast;
using ChainTrader.Core.Evm;

namespace ChainTrader.Tests.Evm;

/// <summary>ct-cast abi-encode / abi-decode: command-line argument syntax around the ABI codec, checked against ethers.</summary>
public class CastAbiCommandTests
{
    private const string Trader = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    private const string Usdc = "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48";
    private const string Weth = "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2";

    private static (int Code, string Stdout, string Stderr) Run(params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CastCommand.Run(args, TextReader.Null, stdout, stderr, _ => null);
        return (code, stdout.ToString().Trim(), stderr.ToString());
    }

    [Fact]
    public async Task EncodesCalldataExactlyAsEthers()
    {
        var calls = new[]
        {
            new[] { "transfer(address,uint256)", Trader, "5" },
            new[] { "swapExactTokensForTokens(uint256,uint256,address[],address,uint256)", "2500000000", "0x0dbd2fc137a30000", $"[{Usdc},{Weth}]", Trader, "1800000000" },
            new[] { "submit((uint8,string)[],bytes,bool,int16)", "[(1,\"a, b\"),(2,plain)]", "0xdeadbeef", "true", "-300" },
        };
        var ethers = await EthersScript.RunAsync<string[]>("""
            const out = input.map(([signature, ...args]) => {
              const fragment = ethers.FunctionFragment.from('function ' + signature);
              return new ethers.Interface([fragment]).encodeFunctionData(fragment, input.values[signature]);
            });
            process.stdout.write(JSON.stringify(out));
            """.Replace("input.map", "input.calls.map", StringComparison.Ordinal), new
        {
            calls,
            values = new Dictionary<string, object[]>
            {
                [calls[0][0]] = [Trader, "5"],
                [calls[1][0]] = ["2500000000", "990000000000000000", new[] { Usdc, Weth }, Trader, "1800000000"],
                [calls[2][0]] = [new object[] { new object[] { 1, "a, b" }, new object[] { 2, "plain" } }, "0xdeadbeef", true, -300],
            },
        });
        for (var i = 0; i < calls.Length; i++)
        {
            var outcome = Run(["abi-encode", .. calls[i]]);
            Assert.True(outcome.Code == 0, outcome.Stderr);
            Assert.Equal(ethers[i], outcome.Stdout);
        }
    }

    [Fact]
    public void DecodesCalldataAndPlainData()
    {
        var calldata = Run("abi-encode", "swapExactTokensForTokens(uint256,uint256,address[],address,uint256)", "2500000000", "1", $"[{Usdc},{Weth}]", Trader, "7").Stdout;
        var decoded = Run("abi-decode", "swapExactTokensForTokens(uint256,uint256,address[],address,uint256)", calldata);
        Assert.Equal(0, decoded.Code);
        Assert.Equal(
            ["2500000000", "1", $"[{Address.Parse(Usdc)}, {Address.Parse(Weth)}]", Trader, "7"],
            decoded.Stdout.Split('\n', StringSplitOptions.TrimEntries));

        var body = "0x" + calldata[10..];
        var plain = Run("abi-decode", "(uint256,uint256,address[],address,uint256)", body);
        Assert.Equal(decoded.Stdout, plain.Stdout);

        var tuple = Run("abi-encode", "f((uint8,string)[])", "[(1,\"x, y\")]").Stdout;
        Assert.Equal("[(1, \"x, y\")]", Run("abi-decode", "((uint8,string)[])", "0x" + tuple[10..]).Stdout);
        Assert.Equal("1", Run("abi-decode", "uint256", "0x" + new string('0', 63) + "1").Stdout);
    }

    [Theory]
    [InlineData(new[] { "abi-encode", "transfer(address,uint256)", Trader }, "transfer(address,uint256) takes 2 argument(s) but 1 were given")]
    [InlineData(new[] { "abi-encode", "f(uint8)", "256" }, "argument 1 (uint8): 256 is outside the range of uint8 (0..255)")]
    [InlineData(new[] { "abi-encode", "f(int8)", "-129" }, "is outside the range of int8 (-128..127)")]
    [InlineData(new[] { "abi-encode", "f(uint256)", "12abc" }, "argument 1 (uint256): \"12abc\" is not a decimal or 0x-hex integer")]
    [InlineData(new[] { "abi-encode", "f(address)", "0x70997970c51812dc3A010C7d01b50e0d17dc79C8" }, "EIP-55 checksum is wrong")]
    [InlineData(new[] { "abi-encode", "f(bool)", "yes" }, "expected true or false, got \"yes\"")]
    [InlineData(new[] { "abi-encode", "f(uint8[])", "1,2" }, "expected a value in [...], got \"1,2\"")]
    [InlineData(new[] { "abi-encode", "f(uint8[])", "[1,[2]" }, "unbalanced brackets or quotes")]
    [InlineData(new[] { "abi-encode", "f((uint8,bool))", "(1)" }, "tuple (uint8,bool) has 2 component(s) but 1 were given")]
    [InlineData(new[] { "abi-encode", "f(bytes)", "0xabc" }, "odd number of digits")]
    [InlineData(new[] { "abi-decode", "(uint256)", "0x01" }, "needs a 32-byte word at byte 0 but the data is 1 bytes long")]
    [InlineData(new[] { "abi-decode", "transfer(address,uint256)", "0xdeadbeef" }, "starts with selector 0xdeadbeef, not 0xa9059cbb")]
    public void BadInputExitsOneWithAClearMessage(string[] args, string expected)
    {
        var outcome = Run(args);
        Assert.Equal(1, outcome.Code);
        Assert.StartsWith("error: ", outcome.Stderr);
        Assert.Contains(expected, outcome.Stderr);
        Assert.Equal("", outcome.Stdout);
    }

    [Theory]
    [InlineData("abi-encode")]
    [InlineData("abi-decode", "(uint256)")]
    public void MissingArgumentsAreUsageErrors(params string[] args)
    {
        var outcome = Run(args);
        Assert.Equal(2, outcome.Code);
        Assert.Contains("usage: ct-cast", outcome.Stderr);
    }
}
