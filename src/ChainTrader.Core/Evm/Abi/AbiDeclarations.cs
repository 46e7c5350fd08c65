using System.Globalization;
using System.Numerics;
using Nethereum.ABI.ABIDeserialisation;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.Model;

namespace ChainTrader.Core.Evm.Abi;

/// <summary>
/// Human-readable Solidity declarations (<c>"function transfer(address to, uint256 amount) returns (bool)"</c>) read by
/// Nethereum's signature parser, and the few checks the desk adds around Nethereum's encoder and decoder: exact argument
/// counts, data long enough for the head, values read by name or position.
/// </summary>
public static class AbiDeclarations
{
    public static FunctionABI Function(string declaration)
    {
        var functions = Parse(declaration, "function").Functions;
        return functions is [var function] ? function : throw NotOne(declaration, "function");
    }

    public static EventABI Event(string declaration)
    {
        var events = Parse(declaration, "event").Events;
        return events is [var abiEvent] ? abiEvent : throw NotOne(declaration, "event");
    }

    public static ErrorABI Error(string declaration)
    {
        var errors = Parse(declaration, "error").Errors;
        return errors is [var error] ? error : throw NotOne(declaration, "error");
    }

    /// <summary>"0xa9059cbb": the 4-byte selector as it starts calldata.</summary>
    public static string SelectorHex(this FunctionABI function) => "0x" + function.Sha3Signature;

    public static string SelectorHex(this ErrorABI error) => "0x" + error.Sha3Signature;

    /// <summary>The event's topic 0, lower-case hex as nodes return it.</summary>
    public static string Topic0Hex(this EventABI abiEvent) => "0x" + abiEvent.Sha3Signature;

    /// <summary>Calldata: selector and arguments. Nethereum encodes fewer values than parameters without a word, so the count is checked here.</summary>
    public static byte[] EncodeCall(this FunctionABI function, params object[] arguments)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(arguments);
        if (arguments.Length != function.InputParameters.Length)
            throw new ArgumentException($"{function.Signature} takes {function.InputParameters.Length} argument(s) but {arguments.Length} were given.", nameof(arguments));
        return Hex.Decode(new FunctionCallEncoder().EncodeRequest(function.Sha3Signature, function.InputParameters, arguments));
    }

    /// <summary>
    /// Decodes <paramref name="data"/> as <paramref name="parameters"/>. Nethereum's decoder reads past the end as zeros, so data
    /// shorter than the head (one word per static value or offset) is refused first, naming the first missing word.
    /// </summary>
    public static IReadOnlyList<ParameterOutput> Decode(IReadOnlyList<Parameter> parameters, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(data);
        var head = parameters.Sum(p => p.ABIType.IsDynamic() ? 32 : p.ABIType.FixedSize);
        if (data.Length < head)
            throw new FormatException($"needs a 32-byte word at byte {data.Length / 32 * 32} but the data is {data.Length} bytes long.");
        try
        {
            return new ParameterDecoder().DecodeDefaultData(data, parameters.ToArray());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new FormatException($"data does not decode as ({string.Join(",", parameters.Select(p => p.Type))}): {e.Message}", e);
        }
    }

    /// <summary>Decodes, then re-encodes and compares: anything but the canonical encoding (dirty padding, bad offsets, truncation) is refused.</summary>
    public static IReadOnlyList<ParameterOutput> DecodeCanonical(IReadOnlyList<Parameter> parameters, byte[] data)
    {
        var values = Decode(parameters, data);
        byte[] again;
        try
        {
            again = new ParametersEncoder().EncodeParameters(parameters.ToArray(), values.Select(v => ToEncodable(v.Result)).ToArray());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new FormatException($"data is not a canonical encoding of ({string.Join(",", parameters.Select(p => p.Type))}): {e.Message}", e);
        }
        if (!again.AsSpan().SequenceEqual(data))
            throw new FormatException($"data is not a canonical encoding of ({string.Join(",", parameters.Select(p => p.Type))}) ({data.Length} bytes; the values it decodes to encode as {again.Length} bytes).");
        return values;
    }

    public static T Get<T>(this IReadOnlyList<ParameterOutput> values, int index)
    {
        ArgumentNullException.ThrowIfNull(values);
        var ordered = values.OrderBy(v => v.Parameter.Order).ToList();
        if (index < 0 || index >= ordered.Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"There are {ordered.Count} decoded values.");
        return Cast<T>(ordered[index]);
    }

    public static T Get<T>(this IReadOnlyList<ParameterOutput> values, string name)
    {
        ArgumentNullException.ThrowIfNull(values);
        var match = values.FirstOrDefault(v => v.Parameter.Name == name)
            ?? throw new KeyNotFoundException($"No decoded value named \"{name}\" among {string.Join(", ", values.Select(v => v.Parameter.Name))}.");
        return Cast<T>(match);
    }

    /// <summary>"available=100, required=200" (unnamed values by position), for messages.</summary>
    public static string Describe(IReadOnlyList<ParameterOutput> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return string.Join(", ", values.OrderBy(v => v.Parameter.Order).Select(v =>
            (string.IsNullOrEmpty(v.Parameter.Name) ? "" : v.Parameter.Name + "=") + DescribeValue(v.Result)));
    }

    private static string DescribeValue(object? value) => value switch
    {
        null => "null",
        BigInteger integer => integer.ToString(CultureInfo.InvariantCulture),
        bool flag => flag ? "true" : "false",
        byte[] bytes => Hex.Encode(bytes),
        string text => text,
        List<ParameterOutput> tuple => "(" + Describe(tuple) + ")",
        System.Collections.IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(DescribeValue)) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Decoded tuples come back as ParameterOutput lists; the encoder takes them as object arrays.</summary>
    private static object? ToEncodable(object? value) => value switch
    {
        List<ParameterOutput> tuple => tuple.OrderBy(v => v.Parameter.Order).Select(v => ToEncodable(v.Result)).ToArray(),
        System.Collections.IList list when value is not byte[] => list.Cast<object?>().Select(ToEncodable).ToList(),
        _ => value,
    };

    private static T Cast<T>(ParameterOutput value) => value.Result is T typed
        ? typed
        : throw new InvalidCastException($"Decoded value {value.Parameter.Name} ({value.Parameter.Type}) is a {value.Result?.GetType().Name ?? "null"}, not {typeof(T).Name}.");

    private static ContractABI Parse(string declaration, string keyword)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(declaration);
        var text = declaration.Trim();
        if (!text.StartsWith(keyword + " ", StringComparison.Ordinal))
            text = keyword + " " + text;
        RefuseNestedTuples(declaration);
        try
        {
            return new ABIStringSignatureDeserialiser().ExtractContractABI(text);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new FormatException($"\"{declaration}\" is not a valid {keyword} declaration: {e.Message}", e);
        }
    }

    /// <summary>
    /// Nethereum's signature parser reads a tuple inside a tuple with the wrong components, and keeps only the last dimension
    /// of a multi-dimensional tuple array (the published ethers signature vectors show both). Either would encode wrong
    /// calldata without a word, so such declarations are refused here; a JSON ABI (Nethereum's ABIJsonDeserialiser) reads them
    /// correctly.
    /// </summary>
    private static void RefuseNestedTuples(string declaration)
    {
        var depth = 0;
        for (var i = 0; i < declaration.Length; i++)
        {
            var c = declaration[i];
            if (c == '(' && ++depth > 2)
                throw new FormatException($"\"{declaration}\" has a tuple inside a tuple, which Nethereum's signature parser misreads; give such a function as a JSON ABI.");
            if (c == ')' && --depth == 1 && declaration.AsSpan(i + 1).IndexOf("][") is var at && at >= 0 && declaration[(i + 1)..(i + 1 + at)].All(d => d == '[' || char.IsAsciiDigit(d)))
                throw new FormatException($"\"{declaration}\" has a multi-dimensional tuple array, which Nethereum's signature parser misreads; give such a function as a JSON ABI.");
        }
    }

    private static FormatException NotOne(string declaration, string keyword)
        => new($"\"{declaration}\" is not a single {keyword} declaration.");
}
