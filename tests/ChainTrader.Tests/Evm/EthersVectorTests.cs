using System.Globalization;
using System.Numerics;
using System.Text.Json;
using ChainTrader.Core;
using ChainTrader.Core.Evm;
using Nethereum.Model;
using Nethereum.RLP;
using Nethereum.Util;

namespace ChainTrader.Tests.Evm;

/// <summary>Every case of the ethers.js vector files through the code the app signs with (Nethereum's keccak, RLP and transaction models, our signer); none are excluded.</summary>
public class EthersVectorTests
{
    [Fact]
    public async Task Keccak256MatchesEveryHashCase()
    {
        var cases = await EthersTestCases.LoadAsync("hashes");
        var failures = new List<string>();
        foreach (var c in cases)
        {
            var data = c.GetProperty("data").GetString()!;
            var actual = Hex.Encode(Sha3Keccack.Current.CalculateHash(Hex.Decode(data)));
            if (actual != c.GetProperty("keccak256").GetString())
                failures.Add($"keccak256({data[..Math.Min(data.Length, 20)]}...) = {actual}");
        }
        EthersTestCases.AssertNoFailures("hashes", cases.Count, failures);
    }

    [Fact]
    public async Task RlpEncodesAndDecodesEveryCase()
    {
        var cases = await EthersTestCases.LoadAsync("rlp-coder");
        var failures = new List<string>();
        foreach (var c in cases)
        {
            var name = c.GetProperty("name").GetString();
            var expected = c.GetProperty("encoded").GetString()!;
            var encoded = Hex.Encode(ToRlp(c.GetProperty("decoded")));
            if (encoded != expected)
                failures.Add($"{name}: encoded {Shorten(encoded)}, expected {Shorten(expected)}");
            var decoded = RLP.Decode(Hex.Decode(expected));
            if (!SameStructure(decoded, c.GetProperty("decoded")))
                failures.Add($"{name}: decoding {Shorten(expected)} gave a different structure");
        }
        EthersTestCases.AssertNoFailures("rlp-coder", cases.Count, failures);
    }

    [Fact]
    public async Task AccountsDeriveAddressesAndChecksums()
    {
        var cases = await EthersTestCases.LoadAsync("accounts");
        var failures = new List<string>();
        var withKeys = 0;
        foreach (var c in cases)
        {
            var name = c.GetProperty("name").GetString();
            var lower = c.GetProperty("address").GetString()!;
            var checksummed = c.GetProperty("checksumAddress").GetString()!;
            if (Address.Parse(lower).ToString() != checksummed)
                failures.Add($"{name}: checksum of {lower} is {Address.Parse(lower)}, expected {checksummed}");
            if (Address.Parse(checksummed) != Address.Parse(lower) || Address.Parse(lower.ToUpperInvariant().Replace("0X", "0x")) != Address.Parse(lower))
                failures.Add($"{name}: checksummed/upper-case forms parse to a different address");
            if (c.OptionalString("privateKey") is { } key)
            {
                withKeys++;
                var derived = PrivateKey.FromHex(key).Address;
                if (derived.ToString() != checksummed)
                    failures.Add($"{name}: key derives {derived}, expected {checksummed}");
            }
        }
        Assert.True(withKeys > 1000, $"only {withKeys} cases had private keys");
        EthersTestCases.AssertNoFailures("accounts", cases.Count, failures);
    }

    [Fact]
    public async Task LegacyTransactionsSerializeSignAndDecode()
    {
        var cases = await EthersTestCases.LoadAsync("transactions");
        var failures = new List<string>();
        foreach (var c in cases)
        {
            var name = c.GetProperty("name").GetString();
            var key = PrivateKey.FromHex(c.GetProperty("privateKey").GetString()!);
            var sender = Address.Parse(c.GetProperty("accountAddress").GetString()!);
            // Absent fields are zero / empty / contract creation, as ethers reads them.
            foreach (var (chainId, unsignedField, signedField) in new (ulong?, string, string)[]
                     {
                         (null, "unsignedTransaction", "signedTransaction"),
                         (5, "unsignedTransactionChainId5", "signedTransactionChainId5"),
                     })
            {
                byte[] nonce = RlpInteger(Quantity(c, "nonce")), gasPrice = RlpInteger(Quantity(c, "gasPrice")), gasLimit = RlpInteger(Quantity(c, "gasLimit"));
                var to = c.OptionalString("to") is { } address ? Address.Parse(address).ToBytes() : null;
                var value = RlpInteger(Quantity(c, "value"));
                var data = Hex.Decode(c.OptionalString("data") ?? "0x");
                SignedTransaction transaction = chainId is { } id
                    ? new LegacyTransactionChainId(nonce, gasPrice, gasLimit, to, value, data, RlpInteger(id))
                    : new LegacyTransaction(nonce, gasPrice, gasLimit, to, value, data);
                CheckCase($"{name} (chainId {chainId?.ToString(CultureInfo.InvariantCulture) ?? "none"})", transaction, key, sender,
                    c.GetProperty(unsignedField).GetString()!, c.GetProperty(signedField).GetString()!, failures);
            }
        }
        EthersTestCases.AssertNoFailures("transactions", cases.Count * 2, failures);
    }

    [Fact]
    public async Task TypedTransactionsSerializeSignAndDecode()
    {
        var cases = await EthersTestCases.LoadAsync("typed-transactions");
        var failures = new List<string>();
        foreach (var c in cases)
        {
            var name = c.GetProperty("name").GetString()!;
            var tx = c.GetProperty("tx");
            var chainId = tx.TryGetProperty("chainId", out var id) ? id.GetUInt64() : 0;
            var nonce = tx.TryGetProperty("nonce", out var n) ? n.GetUInt64() : 0;
            var to = tx.OptionalString("to") is { } t ? Address.Parse(t).ToLowerHex() : null;
            var data = tx.OptionalString("data") ?? "0x";
            var accessList = tx.TryGetProperty("accessList", out var list) ? ToAccessList(list) : [];
            SignedTransaction transaction = tx.GetProperty("type").GetInt32() switch
            {
                1 => new Transaction2930(chainId, nonce, Quantity(tx, "gasPrice"), Quantity(tx, "gasLimit"), to, Quantity(tx, "value"), data, accessList),
                2 => new Transaction1559(chainId, nonce, Quantity(tx, "maxPriorityFeePerGas"), Quantity(tx, "maxFeePerGas"), Quantity(tx, "gasLimit"),
                    to, Quantity(tx, "value"), data, accessList),
                var other => throw new InvalidDataException($"{name}: unexpected type {other}"),
            };
            CheckCase(name, transaction, PrivateKey.FromHex(c.GetProperty("key").GetString()!), Address.Parse(c.GetProperty("address").GetString()!),
                c.GetProperty("unsigned").GetString()!, c.GetProperty("signed").GetString()!, failures);
        }
        EthersTestCases.AssertNoFailures("typed-transactions", cases.Count, failures);
    }

    /// <summary>Unsigned bytes, signed bytes (which pins RFC 6979 and low-S), then decode → same fields, re-encode, recover sender.</summary>
    private static void CheckCase(string name, SignedTransaction transaction, PrivateKey key, Address sender, string unsigned, string signed, List<string> failures)
    {
        var unsignedHex = Hex.Encode(transaction.GetRLPEncodedRaw());
        if (unsignedHex != unsigned)
        {
            failures.Add($"{name}: unsigned {Shorten(unsignedHex)}, expected {Shorten(unsigned)}");
            return;
        }
        if (key.Address != sender)
            failures.Add($"{name}: key derives {key.Address}, expected {sender}");
        var signedTransaction = key.Sign(transaction);
        if (signedTransaction.ToRawHex() != signed)
        {
            failures.Add($"{name}: signed {Shorten(signedTransaction.ToRawHex())}, expected {Shorten(signed)}");
            return;
        }
        var decoded = RawTransaction.Decode(signed);
        if (decoded.ToRawHex() != signed || Hex.Encode(decoded.Transaction.GetRLPEncodedRaw()) != unsigned)
            failures.Add($"{name}: decode/re-encode changed the transaction");
        if (decoded.Transaction.GetType() != transaction.GetType())
            failures.Add($"{name}: decoded as {decoded.Transaction.GetType().Name}");
        if (decoded.RecoverSender() != sender)
            failures.Add($"{name}: recovered sender {decoded.RecoverSender()}, expected {sender}");
        if (decoded.HashHex != Hex.Encode(Sha3Keccack.Current.CalculateHash(Hex.Decode(signed))))
            failures.Add($"{name}: hash is not keccak256 of the raw bytes");
    }

    private static BigInteger Quantity(JsonElement element, string property)
    {
        var hex = element.OptionalString(property);
        return hex is null or "0x" ? BigInteger.Zero : BigInteger.Parse("0" + hex[2..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }

    private static List<AccessListItem> ToAccessList(JsonElement list)
        => list.EnumerateArray()
            .Select(e => new AccessListItem(
                Address.Parse(e.GetProperty("address").GetString()!).ToLowerHex(),
                e.GetProperty("storageKeys").EnumerateArray().Select(k => Hex.Decode(k.GetString()!)).ToList()))
            .ToList();

    private static byte[] RlpInteger(BigInteger value) => value.IsZero ? [] : value.ToByteArray(isUnsigned: true, isBigEndian: true);

    /// <summary>The ethers "decoded" form (nested arrays of hex strings) encoded with Nethereum's RLP.</summary>
    private static byte[] ToRlp(JsonElement element) => element.ValueKind == JsonValueKind.Array
        ? RLP.EncodeList(element.EnumerateArray().Select(ToRlp).ToArray())
        : RLP.EncodeElement(Hex.Decode(element.GetString()!));

    // Nethereum reads an empty string as null data.
    private static bool SameStructure(IRLPElement item, JsonElement expected) => item switch
    {
        RLPCollection l => expected.ValueKind == JsonValueKind.Array && expected.GetArrayLength() == l.Count
                           && l.Zip(expected.EnumerateArray()).All(pair => SameStructure(pair.First, pair.Second)),
        _ => expected.ValueKind == JsonValueKind.String && Hex.Encode(item.RLPData ?? []) == expected.GetString(),
    };

    private static string Shorten(string hex) => hex.Length <= 60 ? hex : hex[..57] + "...";
}
