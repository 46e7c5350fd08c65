using System.Numerics;
using ChainTrader.Core;
using ChainTrader.Core.Evm;

namespace ChainTrader.Tests.Evm;

public class Secp256k1Tests
{
    // Hardhat's well-known first development account; a public test key.
    private const string DevKey = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static readonly PrivateKey Key = PrivateKey.FromHex(DevKey);

    [Fact]
    public void DerivesTheKnownAddress() => Assert.Equal("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", Key.Address.ToString());

    [Fact]
    public void SignaturesAreDeterministicLowSAndRecoverable()
    {
        for (var i = 0; i < 64; i++)
        {
            var hash = Keccak256.Hash($"message {i}");
            var signature = Key.Sign(hash);
            Assert.Equal(signature, Key.Sign(hash));
            Assert.True(signature.IsLowS);
            Assert.True(Secp256k1.Verify(hash, signature, Key.PublicKey));
            Assert.Equal(Key.PublicKey, Secp256k1.RecoverPublicKey(hash, signature));
            Assert.Equal(Key.Address, Secp256k1.RecoverAddress(hash, signature));

            // The high-S twin still verifies as plain ECDSA (with the other parity it recovers the same key) ...
            var twin = new EcdsaSignature(signature.R, Secp256k1.N - signature.S, signature.YParity ^ 1);
            Assert.True(Secp256k1.Verify(hash, twin, Key.PublicKey));
            Assert.Equal(Key.Address, Secp256k1.RecoverAddress(hash, twin));
            // ... but a transaction refuses it (EIP-2).
            Assert.Throws<ArgumentException>(() => new SignedTransaction(new LegacyTransaction(), twin));

            // Wrong parity recovers some other key.
            Assert.NotEqual(Key.Address, Secp256k1.RecoverAddress(hash, new EcdsaSignature(signature.R, signature.S, signature.YParity ^ 1)));
            Assert.False(Secp256k1.Verify(Keccak256.Hash($"other {i}"), signature, Key.PublicKey));
        }
    }

    [Fact]
    public void PublicKeyEncodingsRoundTrip()
    {
        var uncompressed = Key.PublicKey.ToUncompressedBytes();
        Assert.Equal(65, uncompressed.Length);
        Assert.Equal(Key.PublicKey, PublicKey.FromBytes(uncompressed));
        Assert.Equal(Key.PublicKey, PublicKey.FromBytes(uncompressed.AsSpan(1)));
        Assert.Equal(Key.PublicKey, PublicKey.FromBytes(Key.PublicKey.ToCompressedBytes()));
        Assert.Contains("got 10", Assert.Throws<FormatException>(() => PublicKey.FromBytes(new byte[10])).Message);
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

    [Fact]
    public void SignatureBytesRoundTripAndRejectBadV()
    {
        var signature = Key.Sign(Keccak256.Hash("x"));
        Assert.Equal(signature, EcdsaSignature.FromBytes(signature.ToBytes()));
        var bytes = signature.ToBytes();
        bytes[64] = (byte)signature.YParity;
        Assert.Equal(signature, EcdsaSignature.FromBytes(bytes));
        bytes[64] = 29;
        Assert.Contains("v byte must be 27, 28, 0 or 1 (got 29)", Assert.Throws<FormatException>(() => EcdsaSignature.FromBytes(bytes)).Message);
        Assert.Contains("s must be in 1..n-1", Assert.Throws<ArgumentOutOfRangeException>(() => new EcdsaSignature(BigInteger.One, Secp256k1.N, 0)).Message);
        Assert.Contains("Expected a 32-byte hash; got 31", Assert.Throws<ArgumentException>(() => Key.Sign(new byte[31])).Message);
    }

    /// <summary>EIP-191 against ethers' own Wallet.signMessage (the npm package in devnet/), for text and binary messages.</summary>
    [Fact]
    public async Task PersonalMessagesMatchEthers()
    {
        string[] texts = ["hello", "", "ChainTrader ✓ confirm trade #42", new string('x', 1000)];
        var binary = new byte[] { 0x00, 0xff, 0x19, 0x45 };
        var ethers = await EthersScript.RunAsync<string[]>("""
            const wallet = new ethers.Wallet(input.key);
            const out = input.texts.map(t => wallet.signMessageSync(t));
            out.push(wallet.signMessageSync(ethers.getBytes(input.binary)));
            process.stdout.write(JSON.stringify(out));
            """, new { key = DevKey, texts, binary = Hex.Encode(binary) });

        for (var i = 0; i < texts.Length; i++)
        {
            var signature = PersonalMessage.Sign(texts[i], Key);
            Assert.Equal(ethers[i], Hex.Encode(signature.ToBytes()));
            Assert.Equal(Key.Address, PersonalMessage.RecoverSigner(texts[i], EcdsaSignature.FromBytes(Hex.Decode(ethers[i]))));
        }
        Assert.Equal(ethers[^1], Hex.Encode(PersonalMessage.Sign(binary, Key).ToBytes()));
        Assert.Equal(Key.Address, PersonalMessage.RecoverSigner(binary, EcdsaSignature.FromBytes(Hex.Decode(ethers[^1]))));
    }
}
