using System.Text.Json;
using ChainTrader.Cast;
using ChainTrader.Core.Evm;
using NBitcoin.Secp256k1;
using Nethereum.Model;

namespace ChainTrader.UnitTests.Evm;

public class CastCommandTests
{
    // ethers typed-transactions vector "eip1559-mask-000110111" (chainId omitted there, i.e. 0).
    private const string VectorKey = "0xdb47f077c767226f5443a3b30329c9fa08bf52fe3a6c73ea37da824890fad5ad";
    private const string VectorSigned = "0x02f868802a4282014282520894123456789a123456789a123456789a123456789a808412345678c080a0681028e4608c73e11875d7748bd67896e6df393f3ffb7e1537216bccd9e17a85a0371c61f0a8adf35cbfcb1992dc56d497d5bbce53d7a701136e2ae9445aef6a8f";

    private static readonly string VectorAddress = Address.Parse("0xd528ad156ee1a409f85b6ff0bce5de36391b5444").ToString();

    private sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    private static Outcome Run(string[] args, string stdin = "", Dictionary<string, string>? environment = null)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = CastCommand.Run(args, new StringReader(stdin), stdout, stderr, name => environment?.GetValueOrDefault(name));
        return new Outcome(code, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData("hello", "0x1c8aff950685c2ed4bc3174f3472287b56d9517b9c948127319a09a7a36deac8")]
    [InlineData("0x", "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470")]
    [InlineData("transfer(address,uint256)", "0xa9059cbb2ab09eb219583f4a59a5d0623ade346d962bcd4e46b11da047c9049b")]
    public void KeccakHashesHexOrText(string input, string expected)
    {
        var outcome = Run(["keccak", input]);
        Assert.Equal(0, outcome.ExitCode);
        Assert.Equal(expected, outcome.Stdout.Trim());
    }

    [Fact]
    public void KeccakRejectsBadHex()
    {
        var outcome = Run(["keccak", "0xabc"]);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("odd number of digits", outcome.Stderr);
    }

    [Fact]
    public void AddressFromArgumentOrEnvironment()
    {
        Assert.Equal(VectorAddress, Run(["address", VectorKey]).Stdout.Trim());
        var fromEnvironment = Run(["address"], environment: new() { [CastCommand.PrivateKeyVariable] = VectorKey });
        Assert.Equal(0, fromEnvironment.ExitCode);
        Assert.Equal(VectorAddress, fromEnvironment.Stdout.Trim());
    }

    [Fact]
    public void AddressWithoutAnyKeyIsAUsageError()
    {
        var outcome = Run(["address"]);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("set CT_PRIVATE_KEY", outcome.Stderr);
        Assert.Contains("usage: ct-cast", outcome.Stderr);
    }

    [Fact]
    public void BadKeyIsBadInputAndIsNotEchoed()
    {
        var badKey = "0x" + new string('f', 64);
        var outcome = Run(["address", badKey]);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("below the secp256k1 group order", outcome.Stderr);
        Assert.DoesNotContain(new string('f', 64), outcome.Stderr);
    }

    [Theory]
    [InlineData(new string[0], "no command given")]
    [InlineData(new[] { "frobnicate" }, "unknown command 'frobnicate'")]
    [InlineData(new[] { "keccak" }, "expected exactly one argument: keccak")]
    [InlineData(new[] { "decode-tx", "0x01", "0x02" }, "expected exactly one argument: decode-tx")]
    [InlineData(new[] { "sign-tx" }, "expected exactly one argument: sign-tx")]
    public void UsageErrorsExitTwoWithUsage(string[] args, string expected)
    {
        var outcome = Run(args);
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains(expected, outcome.Stderr);
        Assert.Contains("usage: ct-cast", outcome.Stderr);
    }

    [Fact]
    public void SignTxFromStdinMatchesThePublishedVector()
    {
        const string json = """
            { "type": 2, "chainId": 0, "nonce": 42, "gas": "0x5208", "maxPriorityFeePerGas": "0x42", "maxFeePerGas": 322,
              "to": "0x123456789a123456789a123456789a123456789a", "value": "0", "data": "0x12345678" }
            """;
        var outcome = Run(["sign-tx", "-"], json, new() { [CastCommand.PrivateKeyVariable] = VectorKey });
        Assert.Equal(0, outcome.ExitCode);
        var lines = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal($"raw  {VectorSigned}", lines[0]);
        Assert.Equal($"hash {RawTransaction.Decode(VectorSigned).HashHex}", lines[1]);
        Assert.Equal($"from {VectorAddress}", lines[2]);
        Assert.DoesNotContain(VectorKey[2..], outcome.Stdout);
    }

    [Fact]
    public void SignTxFromAFileThenDecodeTxRecoversTheSender()
    {
        var key = PrivateKey.FromHex("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
        var path = Path.Combine(Path.GetTempPath(), $"ct-cast-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, $$"""
            { "key": "{{"0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"}}", "type": 1, "chainId": 31337, "nonce": 3,
              "gas": 60000, "gasPrice": "1000000000", "to": "0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "value": "0xde0b6b3a7640000",
              "accessList": [ { "address": "0x70997970c51812dc3a010c7d01b50e0d17dc79c8",
                                "storageKeys": [ "0x0000000000000000000000000000000000000000000000000000000000000001" ] } ] }
            """);
        try
        {
            var signed = Run(["sign-tx", path]);
            Assert.Equal(0, signed.ExitCode);
            var raw = signed.Stdout.Split('\n')[0]["raw  ".Length..].Trim();

            var decoded = Run(["decode-tx", raw]);
            Assert.Equal(0, decoded.ExitCode);
            using var json = JsonDocument.Parse(decoded.Stdout);
            var root = json.RootElement;
            Assert.Equal("0x1", root.GetProperty("type").GetString());
            Assert.Equal("0x7a69", root.GetProperty("chainId").GetString());
            Assert.Equal("0x3b9aca00", root.GetProperty("gasPrice").GetString());
            Assert.Equal("0xea60", root.GetProperty("gas").GetString());
            Assert.Equal("0xde0b6b3a7640000", root.GetProperty("value").GetString());
            Assert.Equal("0x70997970C51812dc3A010C7d01b50e0d17dc79C8", root.GetProperty("to").GetString());
            Assert.Equal("0x0000000000000000000000000000000000000000000000000000000000000001",
                root.GetProperty("accessList")[0].GetProperty("storageKeys")[0].GetString());
            Assert.Equal(key.Address.ToString(), root.GetProperty("from").GetString());
            Assert.Equal(RawTransaction.Decode(raw).HashHex, root.GetProperty("hash").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void DecodeTxShowsLegacyVAndContractCreation()
    {
        var raw = PrivateKey.FromHex(VectorKey).Sign(new LegacyTransactionChainId([], [1], [0x01, 0x86, 0xa0], null, [], [0x60, 0x00], [1])).ToRawHex();
        var outcome = Run(["decode-tx", raw]);
        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("to").ValueKind);
        Assert.Contains(json.RootElement.GetProperty("v").GetString(), new[] { "0x25", "0x26" });
        Assert.Equal("0x6000", json.RootElement.GetProperty("data").GetString());
    }

    [Theory]
    [InlineData("""{ "chainId": 1, "nonce": 0, "gas": 21000, "maxFeePerGas": 2 }""", "missing \"maxPriorityFeePerGas\" (required for type 2)")]
    [InlineData("""{ "nonce": 0, "gas": 21000 }""", "missing \"chainId\"")]
    [InlineData("""{ "type": 2, "chainId": 1, "nonce": 0, "gas": 21000, "gasPrice": 1, "maxFeePerGas": 2, "maxPriorityFeePerGas": 1 }""", "Field \"gasPrice\" does not apply to a type 2 transaction")]
    [InlineData("""{ "type": 0, "chainId": 1, "nonce": 0, "gas": 21000, "gasPrice": 1, "value": -1 }""", "Field \"value\" must not be negative; got -1")]
    [InlineData("""{ "type": 0, "chainId": 1, "nonce": 0, "gas": 21000, "gasPrice": 1, "gasLimit": 5 }""", "Unknown field \"gasLimit\"")]
    [InlineData("""{ "type": 0, "chainId": 1, "nonce": 0, "gas": 21000, "gasPrice": 1, "to": "0x1234" }""", "An address is 40 hex digits")]
    [InlineData("""{ "type": 0, "chainId": 1, "nonce": 0, "gas": 21000, "gasPrice": 1, "data": "0x123" }""", "Field \"data\": Hex string has an odd number of digits")]
    [InlineData("""{ "type": 0, "chainId": 1, "nonce": 18446744073709551616, "gas": 21000, "gasPrice": 1 }""", "Field \"nonce\" does not fit in 64 bits")]
    [InlineData("""{ "type": 3, "chainId": 1, "nonce": 0, "gas": 21000 }""", "Field \"type\" must be 0 (legacy), 1 (EIP-2930) or 2 (EIP-1559); got 3")]
    [InlineData("""{ "type": 2, "chainId": 1, "nonce": 0, "gas": 21000, "maxFeePerGas": 1, "maxPriorityFeePerGas": 2 }""", "MaxPriorityFeePerGas (2) exceeds MaxFeePerGas (1)")]
    [InlineData("""{ "chainId": 1, """, "Expected start of a property name")]
    public void SignTxRejectsBadJsonWithExitOne(string json, string expected)
    {
        var outcome = Run(["sign-tx", "-"], json, new() { [CastCommand.PrivateKeyVariable] = VectorKey });
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains(expected, outcome.Stderr);
        Assert.Equal("", outcome.Stdout);
    }

    [Fact]
    public void SignTxWithoutAKeyOrAFileIsBadInput()
    {
        var noKey = Run(["sign-tx", "-"], """{ "type": 0, "chainId": 1, "nonce": 0, "gas": 21000, "gasPrice": 1 }""");
        Assert.Equal(1, noKey.ExitCode);
        Assert.Contains("has no \"key\" and CT_PRIVATE_KEY is not set", noKey.Stderr);

        var noFile = Run(["sign-tx", "/nonexistent/tx.json"]);
        Assert.Equal(1, noFile.ExitCode);
        Assert.Contains("'/nonexistent/tx.json' does not exist", noFile.Stderr);
    }

    [Fact]
    public void DecodeTxReportsASignatureThatRecoversNoKey()
    {
        // Find an r that is no point's x coordinate (about half of all values), then sign nothing with it.
        var r = Enumerable.Range(1, 100).Select(i => new System.Numerics.BigInteger(i))
            .First(candidate => !CurveHasX(candidate));
        var transaction = new LegacyTransactionChainId([], [], [0x52, 0x08], null, [], [], [1]);
        transaction.SetSignature(new Signature(r.ToByteArray(isUnsigned: true, isBigEndian: true), [1], [37]));
        var outcome = Run(["decode-tx", ChainTrader.Core.Hex.Encode(transaction.GetRLPEncoded())]);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains($"Signature r = {r} is not the x coordinate of a curve point", outcome.Stderr);
    }

    private static bool CurveHasX(System.Numerics.BigInteger x)
    {
        var compressed = new byte[33];
        compressed[0] = 0x02;
        compressed[32] = (byte)x;
        return Context.Instance.TryCreatePubKey(compressed, out _);
    }

    [Fact]
    public void DecodeTxRejectsGarbage()
    {
        var outcome = Run(["decode-tx", "0x02c0"]);
        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("must have 12 fields but has 0", outcome.Stderr);
    }
}
