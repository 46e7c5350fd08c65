using System.Globalization;
using System.IO.Compression;
using System.Numerics;
using System.Text.Json;
using ChainTrader.Core;
using ChainTrader.Core.Evm.Abi;
using ChainTrader.Tests.Infrastructure;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Evm;

/// <summary>
/// Runs the ethers.js published ABI vectors (npm @ethersproject/testcases 5.7.0): return data produced by real
/// solc-compiled contracts, with the values they return; event logs emitted by real contracts; and signatures with
/// their selectors. Every case is run; none is excluded.
/// </summary>
public sealed class AbiTestVectorsTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("contract-interface")]
    [InlineData("contract-interface-abi2")]
    public async Task Contract_return_data_encodes_and_decodes_exactly_as_the_vectors(string file)
    {
        var cases = await LoadAsync(file);
        var failures = new List<string>();
        var rangeChecked = 0;
        foreach (var testCase in cases)
        {
            var name = testCase.GetProperty("name").GetString()!;
            try
            {
                var function = AbiInterface.ParseJson(testCase.GetProperty("interface").GetString()!).GetFunction("test");
                var types = function.Outputs.Select(p => p.Type).ToArray();

                // The vector's own type strings ("uint", "tuple(...)") must parse to the same canonical types as the JSON ABI.
                var listedTypes = JsonSerializer.Deserialize<string[]>(testCase.GetProperty("types").GetString()!)!;
                Assert.Equal(types.Select(t => t.CanonicalName), listedTypes.Select(t => AbiType.Parse(t).CanonicalName));

                using var normalized = JsonDocument.Parse(testCase.GetProperty(NormalizedValuesProperty(testCase)).GetString()!);
                // Encode with the vectors' checksummed addresses (exercising EIP-55 checks); decoding yields lower case.
                var values = types.Select((t, i) => FromTypedJson(t, normalized.RootElement[i], lowerCaseAddresses: false)).ToArray();
                var expected = types.Select((t, i) => FromTypedJson(t, normalized.RootElement[i], lowerCaseAddresses: true)).ToArray();
                var result = testCase.GetProperty("result").GetString()!;

                Assert.Equal(result, Hex.Encode(function.EncodeOutput(values)));
                Assert.Equal(Describe(expected), Describe(function.DecodeOutput(Hex.Decode(result))));

                // Where the raw values differ, they are out of range (ethers wraps them); the codec must refuse them.
                if (testCase.TryGetProperty("normalizedValues", out _) && testCase.GetProperty("values").GetString() != testCase.GetProperty("normalizedValues").GetString())
                {
                    using var raw = JsonDocument.Parse(testCase.GetProperty("values").GetString()!);
                    var rawValues = types.Select((t, i) => FromTypedJson(t, raw.RootElement[i], lowerCaseAddresses: false)).ToArray();
                    Assert.Throws<AbiValueOutOfRangeException>(() => AbiCodec.Encode(types, rawValues));
                    rangeChecked++;
                }
            }
            catch (Exception e)
            {
                failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }
        }
        output.WriteLine($"{file}: {cases.Count} cases, {cases.Count - failures.Count} passed, {rangeChecked} out-of-range raw values refused.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases failed:\n" + string.Join("\n", failures.Take(25)));
        Assert.True(cases.Count > 1000);
    }

    [Fact]
    public async Task Event_logs_decode_and_indexed_values_produce_their_topics()
    {
        var cases = await LoadAsync("contract-events");
        var failures = new List<string>();
        var topicsChecked = 0;
        var anonymous = 0;
        foreach (var testCase in cases)
        {
            var name = testCase.GetProperty("name").GetString()!;
            try
            {
                var abiEvent = AbiInterface.ParseJson(testCase.GetProperty("interface").GetString()!).GetEvent("testEvent");
                var topics = testCase.GetProperty("topics").EnumerateArray().Select(t => Hex.Decode(t.GetString()!)).ToArray();
                var data = Hex.Decode(testCase.GetProperty("data").GetString()!);
                var hashed = testCase.GetProperty("hashed").EnumerateArray().Select(h => h.GetBoolean()).ToArray();
                var normalized = testCase.GetProperty("normalizedValues");
                var raw = testCase.GetProperty("values");

                if (abiEvent.Anonymous)
                    anonymous++;
                else
                    Assert.Equal(abiEvent.Topic0, topics[0]);

                var expected = abiEvent.Inputs
                    .Select((p, i) => hashed[i] ? Hex.Decode(normalized[i].GetString()!) : FromPlainJson(p.Type, normalized[i]))
                    .ToArray();
                Assert.Equal(Describe(expected), Describe(abiEvent.DecodeLog(topics, data)));

                var nextTopic = abiEvent.Anonymous ? 0 : 1;
                foreach (var (parameter, i) in abiEvent.Inputs.Select((p, i) => (p, i)))
                {
                    if (!parameter.Indexed)
                        continue;
                    Assert.Equal(Hex.Encode(topics[nextTopic++]), Hex.Encode(abiEvent.EncodeTopic(parameter.Name, FromPlainJson(parameter.Type, raw[i]))));
                    topicsChecked++;
                }
            }
            catch (Exception e)
            {
                failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }
        }
        output.WriteLine($"contract-events: {cases.Count} cases ({anonymous} anonymous), {cases.Count - failures.Count} passed, {topicsChecked} indexed topics re-encoded.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases failed:\n" + string.Join("\n", failures.Take(25)));
        Assert.True(cases.Count > 1000 && topicsChecked > 1000);
    }

    [Fact]
    public async Task Signatures_and_selectors_match_the_vectors()
    {
        var cases = await LoadAsync("contract-signatures");
        var failures = new List<string>();
        foreach (var testCase in cases)
        {
            var name = testCase.GetProperty("name").GetString()!;
            try
            {
                var function = AbiInterface.ParseJson(testCase.GetProperty("abi").GetString()!).GetFunction("testSig");
                var signature = testCase.GetProperty("signature").GetString()!;
                Assert.Equal(signature, function.Signature);
                Assert.Equal(testCase.GetProperty("sigHash").GetString(), function.SelectorHex);
                // The bare signature parses to the same function.
                Assert.Equal(function.SelectorHex, AbiFunction.Parse(signature).SelectorHex);
            }
            catch (Exception e)
            {
                failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }
        }
        output.WriteLine($"contract-signatures: {cases.Count} cases, {cases.Count - failures.Count} passed.");
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count} cases failed:\n" + string.Join("\n", failures.Take(25)));
        Assert.True(cases.Count > 1000);
    }

    private static async Task<IReadOnlyList<JsonElement>> LoadAsync(string name)
    {
        await NodeKit.EnsureInstalledAsync();
        var path = Path.Combine(RepoPaths.DevnetNodeModules, "@ethersproject", "testcases", "testcases", name + ".json.gz");
        await using var file = File.OpenRead(path);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var document = await JsonDocument.ParseAsync(gzip);
        return document.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
    }

    /// <summary>contract-interface-abi2 has no normalizedValues: its values are already in range.</summary>
    private static string NormalizedValuesProperty(JsonElement testCase)
        => testCase.TryGetProperty("normalizedValues", out _) ? "normalizedValues" : "values";

    /// <summary>Values written as {"type": "number"|"buffer"|"string"|"boolean"|"tuple", "value": ...}, arrays as JSON arrays.</summary>
    private static object FromTypedJson(AbiType type, JsonElement json, bool lowerCaseAddresses)
    {
        if (json.ValueKind == JsonValueKind.Array)
        {
            var element = ((AbiArrayType)type).Element;
            return json.EnumerateArray().Select(e => FromTypedJson(element, e, lowerCaseAddresses)).ToArray();
        }
        var value = json.GetProperty("value");
        return json.GetProperty("type").GetString() switch
        {
            "number" => BigInteger.Parse(value.GetString()!, CultureInfo.InvariantCulture),
            "buffer" => Hex.Decode(value.GetString()!),
            "string" => type is AbiAddressType && lowerCaseAddresses ? value.GetString()!.ToLowerInvariant() : value.GetString()!,
            "boolean" => value.GetBoolean(),
            "tuple" => value.EnumerateArray().Select((e, i) => FromTypedJson(((AbiTupleType)type).Components[i].Type, e, lowerCaseAddresses)).ToArray(),
            var other => throw new InvalidDataException($"Unknown vector value type {other}."),
        };
    }

    /// <summary>Plain JSON values as in contract-events: integers as (possibly negative) hex, bytes as hex, arrays as arrays.</summary>
    private static object FromPlainJson(AbiType type, JsonElement json) => type switch
    {
        AbiArrayType array => json.EnumerateArray().Select(e => FromPlainJson(array.Element, e)).ToArray(),
        AbiTupleType tuple => json.EnumerateArray().Select((e, i) => FromPlainJson(tuple.Components[i].Type, e)).ToArray(),
        AbiIntegerType => ParseSignedHex(json.GetString()!),
        AbiBoolType => json.GetBoolean(),
        AbiBytesType or AbiFixedBytesType => Hex.Decode(json.GetString()!),
        AbiAddressType => json.GetString()!.ToLowerInvariant(),
        _ => json.GetString()!,
    };

    private static BigInteger ParseSignedHex(string text)
    {
        var negative = text.StartsWith('-');
        var digits = text[(negative ? 3 : 2)..];
        var magnitude = BigInteger.Parse("0" + digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return negative ? -magnitude : magnitude;
    }

    private static string Describe(IEnumerable<object> values) => AbiCodec.Describe(values.ToArray());
}
