using System.Collections;
using System.Globalization;
using System.IO.Compression;
using System.Numerics;
using System.Text.Json;
using ChainTrader.Core;
using ChainTrader.Core.Evm.Abi;
using ChainTrader.Tests.Infrastructure;
using Nethereum.ABI;
using Nethereum.ABI.ABIDeserialisation;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.Model;
using Nethereum.Util;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Evm;

/// <summary>
/// Runs the ethers.js published ABI vectors (npm @ethersproject/testcases 5.7.0) through Nethereum's JSON ABI reader, encoder
/// and decoder as the desk uses them: return data produced by real solc-compiled contracts, with the values they return; event
/// logs emitted by real contracts; and signatures with their selectors. Every case is run; none is excluded. Indexed values
/// are re-encoded to their topics where Nethereum.ABI can: static values (their word) and strings and bytes (the Keccak of
/// the bytes); indexed arrays and tuples are hashed over an in-place encoding that Nethereum.ABI does not expose, and the
/// desk never filters on one, so their topics are decoded (compared as hashes) but not re-encoded.
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
                var function = new ABIJsonDeserialiser().DeserialiseContract(testCase.GetProperty("interface").GetString()!).Functions.Single(f => f.Name == "test");
                var outputs = function.OutputParameters;
                var types = outputs.Select(p => p.ABIType).ToArray();

                using var normalized = JsonDocument.Parse(testCase.GetProperty(NormalizedValuesProperty(testCase)).GetString()!);
                var values = types.Select((t, i) => FromTypedJson(t, normalized.RootElement[i])).ToArray();
                var result = testCase.GetProperty("result").GetString()!;

                Assert.Equal(result, Hex.Encode(new ParametersEncoder().EncodeParameters(outputs, values)));
                var decoded = AbiDeclarations.DecodeCanonical(outputs, Hex.Decode(result)).OrderBy(v => v.Parameter.Order).Select(v => v.Result).ToArray();
                Assert.Equal(Describe(types, values), Describe(types, decoded));

                // Where the raw values differ, they are out of range (ethers wraps them); the encoder must refuse them.
                if (testCase.TryGetProperty("normalizedValues", out _) && testCase.GetProperty("values").GetString() != testCase.GetProperty("normalizedValues").GetString())
                {
                    using var raw = JsonDocument.Parse(testCase.GetProperty("values").GetString()!);
                    var rawValues = types.Select((t, i) => FromTypedJson(t, raw.RootElement[i])).ToArray();
                    var refused = Assert.ThrowsAny<Exception>(() => new ParametersEncoder().EncodeParameters(outputs, rawValues));
                    Assert.True(IsOutOfRange(refused), $"expected an out-of-range refusal, got {refused.GetType().Name}: {refused.Message}");
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
                var abiEvent = new ABIJsonDeserialiser().DeserialiseContract(testCase.GetProperty("interface").GetString()!).Events.Single(e => e.Name == "testEvent");
                var topics = testCase.GetProperty("topics").EnumerateArray().Select(t => t.GetString()!).ToList();
                var data = testCase.GetProperty("data").GetString()!;
                var hashed = testCase.GetProperty("hashed").EnumerateArray().Select(h => h.GetBoolean()).ToArray();
                var normalized = testCase.GetProperty("normalizedValues");
                var raw = testCase.GetProperty("values");
                var topic0 = abiEvent.Topic0Hex();
                var inputs = abiEvent.InputParameters.OrderBy(p => p.Order).ToArray();
                // Solidity puts the hash of an indexed array or tuple in its topic. Nethereum takes only dynamic types to be
                // hashed and would read a static array's topic as the array: such parameters are read as the bytes32 they are.
                if (inputs.Any(p => p.Indexed && !p.ABIType.IsDynamic() && p.ABIType is ArrayType or TupleType))
                {
                    abiEvent = new EventABI(abiEvent.Name, abiEvent.IsAnonymous)
                    {
                        InputParameters = inputs.Select(p => p.Indexed && !p.ABIType.IsDynamic() && p.ABIType is ArrayType or TupleType
                            ? new Parameter("bytes32", p.Name, p.Order) { Indexed = true }
                            : p).ToArray(),
                    };
                    inputs = abiEvent.InputParameters;
                }

                if (abiEvent.IsAnonymous)
                {
                    // Nethereum's default topic decoder takes topic 0 to be the signature; an anonymous event has none.
                    anonymous++;
                    topics.Insert(0, "0x" + new string('0', 64));
                }
                else
                {
                    Assert.Equal(topic0, topics[0]);
                }

                var decoded = new EventTopicDecoder().DecodeDefaultTopics(abiEvent, topics.Cast<object>().ToArray(), data);
                for (var i = 0; i < inputs.Length; i++)
                {
                    var value = decoded.Single(v => v.Parameter.Order == inputs[i].Order).Result;
                    if (hashed[i])
                        Assert.Equal(normalized[i].GetString(), value as string ?? Hex.Encode((byte[])value));
                    else
                        Assert.Equal(Describe(inputs[i].ABIType, FromPlainJson(inputs[i].ABIType, normalized[i])), Describe(inputs[i].ABIType, value));
                }

                var nextTopic = 1;
                foreach (var (parameter, i) in inputs.Select((p, i) => (p, i)))
                {
                    if (!parameter.Indexed)
                        continue;
                    var topic = topics[nextTopic++];
                    if (parameter.ABIType is StringType)
                        Assert.Equal(topic, "0x" + new Sha3Keccack().CalculateHash(raw[i].GetString()!));
                    else if (parameter.ABIType is BytesType)
                        Assert.Equal(topic, Hex.Encode(new Sha3Keccack().CalculateHash(Hex.Decode(raw[i].GetString()!))));
                    else if (!hashed[i])
                        Assert.Equal(topic, Hex.Encode(parameter.ABIType.Encode(FromPlainJson(parameter.ABIType, raw[i]))));
                    else
                        continue;
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
        var refused = 0;
        foreach (var testCase in cases)
        {
            var name = testCase.GetProperty("name").GetString()!;
            try
            {
                var function = new ABIJsonDeserialiser().DeserialiseContract(testCase.GetProperty("abi").GetString()!).Functions.Single(f => f.Name == "testSig");
                var signature = testCase.GetProperty("signature").GetString()!;
                Assert.Equal(signature, function.Signature);
                Assert.Equal(testCase.GetProperty("sigHash").GetString(), function.SelectorHex());
                // The bare signature parses to the same function, or is refused when Nethereum's signature parser would misread it.
                if (NestingDepth(signature) > 2 || System.Text.RegularExpressions.Regex.IsMatch(signature, @"\)(\[\d*\]){2,}"))
                {
                    Assert.Throws<FormatException>(() => AbiDeclarations.Function(signature));
                    refused++;
                }
                else
                {
                    Assert.Equal(function.SelectorHex(), AbiDeclarations.Function(signature).SelectorHex());
                }
            }
            catch (Exception e)
            {
                failures.Add($"{name}: {e.GetType().Name}: {e.Message}");
            }
        }
        output.WriteLine($"contract-signatures: {cases.Count} cases, {cases.Count - failures.Count} passed, {refused} bare signatures with nested tuples or multi-dimensional tuple arrays refused.");
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
    private static object FromTypedJson(ABIType type, JsonElement json)
    {
        if (json.ValueKind == JsonValueKind.Array)
        {
            var element = ((ArrayType)type).ElementType;
            return json.EnumerateArray().Select(e => FromTypedJson(element, e)).ToArray();
        }
        var value = json.GetProperty("value");
        return json.GetProperty("type").GetString() switch
        {
            "number" => BigInteger.Parse(value.GetString()!, CultureInfo.InvariantCulture),
            "buffer" => Hex.Decode(value.GetString()!),
            "string" => value.GetString()!,
            "boolean" => value.GetBoolean(),
            "tuple" => value.EnumerateArray().Select((e, i) => FromTypedJson(Components(type)[i].ABIType, e)).ToArray(),
            var other => throw new InvalidDataException($"Unknown vector value type {other}."),
        };
    }

    /// <summary>Plain JSON values as in contract-events: integers as (possibly negative) hex, bytes as hex, arrays as arrays.</summary>
    private static object FromPlainJson(ABIType type, JsonElement json) => type switch
    {
        ArrayType array => json.EnumerateArray().Select(e => FromPlainJson(array.ElementType, e)).ToArray(),
        TupleType tuple => json.EnumerateArray().Select((e, i) => FromPlainJson(Components(tuple)[i].ABIType, e)).ToArray(),
        IntType => ParseSignedHex(json.GetString()!),
        BoolType => json.GetBoolean(),
        BytesType or BytesElementaryType or Bytes32Type => Hex.Decode(json.GetString()!),
        _ => json.GetString()!,
    };

    private static int NestingDepth(string signature)
    {
        int depth = 0, deepest = 0;
        foreach (var c in signature)
        {
            if (c == '(') deepest = Math.Max(deepest, ++depth);
            if (c == ')') depth--;
        }
        return deepest;
    }

    private static Parameter[] Components(ABIType tuple) => ((TupleType)tuple).Components.OrderBy(c => c.Order).ToArray();

    private static BigInteger ParseSignedHex(string text)
    {
        var negative = text.StartsWith('-');
        var digits = text[(negative ? 3 : 2)..];
        var magnitude = BigInteger.Parse("0" + digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        return negative ? -magnitude : magnitude;
    }

    private static bool IsOutOfRange(Exception e)
        => e is ArgumentOutOfRangeException or OverflowException || (e.InnerException is { } inner && IsOutOfRange(inner));

    private static string Describe(IReadOnlyList<ABIType> types, IReadOnlyList<object?> values)
        => string.Join(", ", types.Select((t, i) => Describe(t, values[i])));

    /// <summary>One text form for expected values (object arrays) and Nethereum's decoded ones (lists, ParameterOutput tuples); addresses compared case-blind.</summary>
    private static string Describe(ABIType type, object? value) => (type, value) switch
    {
        (IntType, BigInteger integer) => integer.ToString(CultureInfo.InvariantCulture),
        (AddressType, string address) => address.ToLowerInvariant(),
        (BoolType, bool flag) => flag ? "true" : "false",
        (_, byte[] bytes) => Hex.Encode(bytes),
        (StringType, string text) => JsonSerializer.Serialize(text),
        (TupleType, List<ParameterOutput> items) => "(" + Describe(Components(type).Select(c => c.ABIType).ToArray(),
            items.OrderBy(v => v.Parameter.Order).Select(v => v.Result).ToArray()) + ")",
        (TupleType, object[] items) => "(" + Describe(Components(type).Select(c => c.ABIType).ToArray(), items) + ")",
        (ArrayType array, IEnumerable items) => "[" + string.Join(", ", items.Cast<object?>().Select(item => Describe(array.ElementType, item))) + "]",
        _ => $"<{value?.GetType().Name ?? "null"} as {type.CanonicalName}>",
    };
}
