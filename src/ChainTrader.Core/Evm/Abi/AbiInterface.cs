using System.Text.Json;

namespace ChainTrader.Core.Evm.Abi;

/// <summary>
/// A contract's functions, events and errors, loaded from the compiler's JSON ABI or from human-readable lines
/// (<c>"function transfer(address to, uint256 amount) returns (bool)"</c>, <c>"event ..."</c>, <c>"error ..."</c>).
/// </summary>
public sealed class AbiInterface
{
    public AbiInterface(IEnumerable<AbiFunction> functions, IEnumerable<AbiEvent> events, IEnumerable<AbiError> errors)
    {
        Functions = functions.ToArray();
        Events = events.ToArray();
        Errors = errors.ToArray();
    }

    public IReadOnlyList<AbiFunction> Functions { get; }
    public IReadOnlyList<AbiEvent> Events { get; }
    public IReadOnlyList<AbiError> Errors { get; }

    /// <summary>Finds a function by name (must be unique) or by canonical signature (<c>swap(uint256,uint256,address,bytes)</c>).</summary>
    public AbiFunction GetFunction(string nameOrSignature)
        => Find(Functions, nameOrSignature, f => f.Name, f => f.Signature, "function");

    public AbiEvent GetEvent(string nameOrSignature)
        => Find(Events, nameOrSignature, e => e.Name, e => e.Signature, "event");

    /// <summary>The non-anonymous event whose topic 0 this is, or null.</summary>
    public AbiEvent? FindEvent(ReadOnlySpan<byte> topic0)
    {
        foreach (var candidate in Events)
        {
            if (!candidate.Anonymous && topic0.SequenceEqual(candidate.Topic0))
                return candidate;
        }
        return null;
    }

    public RevertReason DecodeRevert(ReadOnlySpan<byte> data) => RevertReason.Decode(data, Errors);

    public static AbiInterface FromHumanReadable(IEnumerable<string> declarations)
    {
        ArgumentNullException.ThrowIfNull(declarations);
        var functions = new List<AbiFunction>();
        var events = new List<AbiEvent>();
        var errors = new List<AbiError>();
        foreach (var declaration in declarations)
        {
            var keyword = declaration.TrimStart().Split(' ', 2)[0];
            switch (keyword)
            {
                case "function": functions.Add(AbiFunction.Parse(declaration)); break;
                case "event": events.Add(AbiEvent.Parse(declaration)); break;
                case "error": errors.Add(AbiError.Parse(declaration)); break;
                default:
                    throw new FormatException($"Human-readable ABI line \"{declaration}\" must start with 'function', 'event' or 'error'.");
            }
        }
        return new AbiInterface(functions, events, errors);
    }

    /// <summary>
    /// Reads the Solidity JSON ABI (an array of function/event/error entries; constructor, fallback and receive are skipped).
    /// Tuple types come as <c>"tuple"</c>/<c>"tuple[2][]"</c> with <c>components</c>.
    /// </summary>
    public static AbiInterface ParseJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = ParseDocument(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
            throw new FormatException($"A JSON ABI must be an array, got {document.RootElement.ValueKind}.");
        var functions = new List<AbiFunction>();
        var events = new List<AbiEvent>();
        var errors = new List<AbiError>();
        var index = 0;
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            var where = $"JSON ABI entry {index++}";
            var kind = OptionalString(entry, "type", where) ?? "function";
            switch (kind)
            {
                case "function":
                    functions.Add(new AbiFunction(RequiredString(entry, "name", where), Parameters(entry, "inputs", where),
                        Parameters(entry, "outputs", where), Mutability(entry, where)));
                    break;
                case "event":
                    events.Add(new AbiEvent(RequiredString(entry, "name", where), Parameters(entry, "inputs", where),
                        entry.TryGetProperty("anonymous", out var anonymous) && anonymous.ValueKind == JsonValueKind.True));
                    break;
                case "error":
                    errors.Add(new AbiError(RequiredString(entry, "name", where), Parameters(entry, "inputs", where)));
                    break;
                case "constructor" or "fallback" or "receive":
                    break;
                default:
                    throw new FormatException($"{where}: unknown entry type \"{kind}\".");
            }
        }
        return new AbiInterface(functions, events, errors);
    }

    private static JsonDocument ParseDocument(string json)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"The JSON ABI is not valid JSON: {e.Message}", e);
        }
    }

    private static AbiParameter[] Parameters(JsonElement entry, string property, string where)
    {
        if (!entry.TryGetProperty(property, out var list) || list.ValueKind == JsonValueKind.Null)
            return [];
        if (list.ValueKind != JsonValueKind.Array)
            throw new FormatException($"{where}: \"{property}\" must be an array.");
        return list.EnumerateArray().Select((p, i) => Parameter(p, $"{where} {property}[{i}]")).ToArray();
    }

    private static AbiParameter Parameter(JsonElement parameter, string where)
    {
        if (parameter.ValueKind != JsonValueKind.Object)
            throw new FormatException($"{where}: a parameter must be an object.");
        var typeText = RequiredString(parameter, "type", where);
        var name = OptionalString(parameter, "name", where) ?? "";
        var indexed = parameter.TryGetProperty("indexed", out var flag) && flag.ValueKind == JsonValueKind.True;
        AbiType type;
        if (typeText.StartsWith("tuple", StringComparison.Ordinal) && !typeText.StartsWith("tuple(", StringComparison.Ordinal))
        {
            var components = Parameters(parameter, "components", where);
            if (!parameter.TryGetProperty("components", out _))
                throw new FormatException($"{where}: type \"{typeText}\" needs \"components\".");
            // "tuple[2][]": the components form the tuple, the suffix applies array dimensions to it.
            type = AbiSignatureParser.ApplyArraySuffixes(AbiTupleType.Of(components), typeText["tuple".Length..]);
        }
        else
        {
            type = AbiType.Parse(typeText);
        }
        return new AbiParameter(name, type, indexed);
    }

    private static AbiStateMutability Mutability(JsonElement entry, string where)
    {
        var text = OptionalString(entry, "stateMutability", where);
        if (text is not null)
        {
            return text switch
            {
                "pure" => AbiStateMutability.Pure,
                "view" => AbiStateMutability.View,
                "payable" => AbiStateMutability.Payable,
                "nonpayable" => AbiStateMutability.NonPayable,
                _ => throw new FormatException($"{where}: unknown stateMutability \"{text}\"."),
            };
        }
        // Compilers before 0.4.16 wrote "constant" and "payable" flags instead.
        if (entry.TryGetProperty("constant", out var constant) && constant.ValueKind == JsonValueKind.True)
            return AbiStateMutability.View;
        if (entry.TryGetProperty("payable", out var payable) && payable.ValueKind == JsonValueKind.True)
            return AbiStateMutability.Payable;
        return AbiStateMutability.NonPayable;
    }

    private static string RequiredString(JsonElement element, string property, string where)
        => OptionalString(element, property, where) ?? throw new FormatException($"{where}: missing \"{property}\".");

    private static string? OptionalString(JsonElement element, string property, string where)
    {
        if (!element.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
            return null;
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new FormatException($"{where}: \"{property}\" must be a string.");
    }

    private static T Find<T>(IReadOnlyList<T> items, string nameOrSignature, Func<T, string> name, Func<T, string> signature, string kind)
    {
        ArgumentNullException.ThrowIfNull(nameOrSignature);
        var bySignature = items.Where(i => signature(i) == nameOrSignature).ToArray();
        if (bySignature.Length > 0)
            return bySignature[0];
        var byName = items.Where(i => name(i) == nameOrSignature).ToArray();
        return byName.Length switch
        {
            1 => byName[0],
            0 => throw new KeyNotFoundException($"No {kind} \"{nameOrSignature}\" in this ABI."),
            _ => throw new KeyNotFoundException(
                $"The {kind} name \"{nameOrSignature}\" is overloaded; use a signature: {string.Join(", ", byName.Select(signature))}."),
        };
    }
}
