using System.Numerics;
using ChainTrader.Core;
using ChainTrader.Core.Evm;
using Nethereum.Model;

namespace ChainTrader.Tests.Evm;

/// <summary>The signer's key handling and its secp256k1 signatures (NBitcoin.Secp256k1).</summary>
public class Secp256k1Tests
{
    // Hardhat's well-known first development account; a public test key.
    private const string DevKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static readonly PrivateKey Key = PrivateKey.FromHex(DevKey);

    [Fact]
    public void DerivesTheKnownAddress() => Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", Key.Address.ToString());

    /// <summary>Each signature against ethers' SigningKey over the same hash (RFC 6979 makes both deterministic), and recovered.</summary>
    [Fact]
    public async Task SignaturesMatchEthersAreLowSAndRecoverTheSigner()
    {
        var transactions = Enumerable.Range(0, 32)
            .Select(i => new Transaction1559(1, i, 1, 2, 21_000 + i, Key.Address.ToLowerHex(), i, "0x", []))
            .ToList();
        var hashes = transactions.Select(t => Hex.Encode(t.RawHash)).ToArray();
        var ethers = await EthersScript.RunAsync<string[][]>("""
            const key = new ethers.SigningKey(input.key);
            process.stdout.write(JSON.stringify(input.hashes.map(h => { const s = key.sign(h); return [s.r, s.s, String(s.yParity)]; })));
            """, new { key = DevKey, hashes });
        var halfN = BigInteger.Parse("7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < transactions.Count; i++)
        {
            var signed = Key.Sign(transactions[i]);
            Assert.Equal(ethers[i][0], "0x" + signed.R.ToString("x64", System.Globalization.CultureInfo.InvariantCulture)[^64..]);
            Assert.Equal(ethers[i][1], "0x" + signed.S.ToString("x64", System.Globalization.CultureInfo.InvariantCulture)[^64..]);
            Assert.Equal(ethers[i][2], signed.YParity.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Assert.True(signed.S <= halfN);
            Assert.Equal(Key.Address, signed.RecoverSender());
        }
    }

    [Theory]
    [InlineData("0x00", "A private key is 64 hex digits (32 bytes) after the optional 0x; got 2 characters.")]
    [InlineData("0x0000000000000000000000000000000000000000000000000000000000000000", "must not be zero")]
    [InlineData("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", "must be below the secp256k1 group order n")]
    [InlineData("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff", "must be below the secp256k1 group order n")]
    [InlineData("0xzc0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80", "the character at digit 0 is not a hex digit")]
    public void RejectsBadPrivateKeysWithoutEchoingThem(string hex, string expected)
    {
        var message = Assert.Throws<FormatException>(() => PrivateKey.FromHex(hex)).Message;
        Assert.Contains(expected, message);
        Assert.DoesNotContain(hex[2..], message);
    }

    [Fact]
    public void TheLargestValidKeyIsAccepted()
        => Assert.NotNull(PrivateKey.FromHex("0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140"));

    [Fact]
    public void PrivateKeyNeverPrintsItself()
    {
        var shown = Key.ToString();
        Assert.DoesNotContain(DevKey[2..], shown, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(Key.Address.ToString(), shown);
        Assert.Contains("secret hidden", shown);
        Assert.DoesNotContain(DevKey[2..], $"{Key}", StringComparison.OrdinalIgnoreCase);
    }
}
