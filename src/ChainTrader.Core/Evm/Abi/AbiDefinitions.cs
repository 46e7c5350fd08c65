using System.Collections;
using Nethereum.Util;

namespace ChainTrader.Core.Evm.Abi;

public enum AbiStateMutability
{
    NonPayable,
    Payable,
    View,
    Pure,
}

/// <summary>Decoded values in declaration order, also reachable by parameter name.</summary>
public sealed class AbiValues : IReadOnlyList<object>
{
    private readonly object[] _values;

    internal AbiValues(IReadOnlyList<AbiParameter> parameters, object[] values)
    {
        Parameters = parameters;
        _values = values;
    }

    public IReadOnlyList<AbiParameter> Parameters { get; }
    public int Count => _values.Length;
    public object this[int index] => _values[index];

    public object this[string name]
    {
        get
        {
            for (var i = 0; i < Parameters.Count; i++)
            {
                if (Parameters[i].Name == name)
                    return _values[i];
            }
            throw new KeyNotFoundException(
                $"No ABI value named '{name}'; the names are: {string.Join(", ", Parameters.Select((p, i) => p.Name.Length > 0 ? p.Name : "#" + i))}.");
        }
    }

    public T Get<T>(string name) => Cast<T>(this[name], $"'{name}'");
    public T Get<T>(int index) => Cast<T>(this[index], $"#{index}");

    private static T Cast<T>(object value, string which)
        => value is T typed ? typed : throw new InvalidCastException($"ABI value {which} is a {value.GetType().Name}, not a {typeof(T).Name}.");

    public IEnumerator<object> GetEnumerator() => ((IEnumerable<object>)_values).GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => _values.GetEnumerator();

    public override string ToString()
        => string.Join(", ", Parameters.Select((p, i) => (p.Name.Length > 0 ? p.Name : "#" + i) + "=" + AbiCodec.Describe(_values[i])));
}

/// <summary>
/// A contract function: selector, calldata encoding, input and output decoding.
/// Note that <see cref="Encode"/> takes <c>params object[]</c>: pass a single list argument as <c>(object)list</c>.
/// </summary>
public sealed class AbiFunction
{
    private readonly byte[] _selector;

    public AbiFunction(string name, IReadOnlyList<AbiParameter> inputs, IReadOnlyList<AbiParameter>? outputs = null,
        AbiStateMutability stateMutability = AbiStateMutability.NonPayable)
    {
        Name = AbiDeclaration.ValidName(name, "function");
        Inputs = AbiDeclaration.WithoutIndexed(inputs, "function");
        Outputs = AbiDeclaration.WithoutIndexed(outputs ?? [], "function");
        StateMutability = stateMutability;
        Signature = AbiDeclaration.Signature(Name, Inputs);
        _selector = Sha3Keccack.Current.CalculateHashAsBytes(Signature)[..4];
    }

    public string Name { get; }
    public IReadOnlyList<AbiParameter> Inputs { get; }
    public IReadOnlyList<AbiParameter> Outputs { get; }
    public AbiStateMutability StateMutability { get; }

    /// <summary>Canonical signature, e.g. <c>transfer(address,uint256)</c>.</summary>
    public string Signature { get; }

    /// <summary>First 4 bytes of keccak256(<see cref="Signature"/>); a fresh copy on each call.</summary>
    public byte[] Selector => (byte[])_selector.Clone();

    public string SelectorHex => Hex.Encode(_selector);

    /// <summary>
    /// Parses <c>transfer(address,uint256)</c> or a human-readable declaration such as
    /// <c>function balanceOf(address owner) view returns (uint256)</c>.
    /// </summary>
    public static AbiFunction Parse(string declaration)
    {
        var parsed = AbiSignatureParser.ParseDeclaration(declaration, "function", allowIndexed: false);
        var mutability = AbiStateMutability.NonPayable;
        foreach (var word in parsed.TrailingWords)
        {
            mutability = word switch
            {
                "view" or "constant" => AbiStateMutability.View,
                "pure" => AbiStateMutability.Pure,
                "payable" => AbiStateMutability.Payable,
                "nonpayable" => AbiStateMutability.NonPayable,
                "external" or "public" or "virtual" or "override" => mutability,
                _ => throw new FormatException($"Invalid ABI function declaration \"{declaration}\": unexpected '{word}' after the parameter list."),
            };
        }
        return new AbiFunction(parsed.Name, parsed.Inputs, parsed.Outputs, mutability);
    }

    /// <summary>Calldata: selector followed by the encoded arguments.</summary>
    public byte[] Encode(params object[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var body = AbiCodec.EncodeParameters(Inputs, args, $"{Name} argument");
        var calldata = new byte[4 + body.Length];
        _selector.CopyTo(calldata, 0);
        body.CopyTo(calldata, 4);
        return calldata;
    }

    /// <summary>Decodes calldata after checking that it starts with this function's selector.</summary>
    public AbiValues DecodeInput(ReadOnlySpan<byte> calldata)
    {
        if (calldata.Length < 4)
            throw new AbiTruncatedDataException($"Calldata for {Signature} needs a 4-byte selector but is {calldata.Length} bytes long.", 0);
        if (!calldata[..4].SequenceEqual(_selector))
            throw new AbiDecodingException($"Calldata starts with selector {Hex.Encode(calldata[..4])}, not {SelectorHex} of {Signature}.", 0);
        return new AbiValues(Inputs, AbiCodec.DecodeParameters(Inputs, calldata[4..], $"{Name} input"));
    }

    public AbiValues DecodeOutput(ReadOnlySpan<byte> returnData)
        => new(Outputs, AbiCodec.DecodeParameters(Outputs, returnData, $"{Name} output"));

    /// <summary>Encodes return values, as the contract would (useful to serve calls from a test peer).</summary>
    public byte[] EncodeOutput(params object[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return AbiCodec.EncodeParameters(Outputs, values, $"{Name} output");
    }

    public override string ToString()
        => $"function {Name}({string.Join(", ", Inputs)})" + (Outputs.Count > 0 ? $" returns ({string.Join(", ", Outputs)})" : "");
}

/// <summary>A contract event: topic 0, topic encoding for filters, and log decoding.</summary>
public sealed class AbiEvent
{
    private readonly byte[] _topic0;

    public AbiEvent(string name, IReadOnlyList<AbiParameter> inputs, bool anonymous = false)
    {
        Name = AbiDeclaration.ValidName(name, "event");
        ArgumentNullException.ThrowIfNull(inputs);
        Inputs = inputs.ToArray();
        Anonymous = anonymous;
        var indexed = Inputs.Count(p => p.Indexed);
        var maxIndexed = anonymous ? 4 : 3;
        if (indexed > maxIndexed)
            throw new ArgumentException($"Event {name} has {indexed} indexed parameters; at most {maxIndexed} are allowed{(anonymous ? " for an anonymous event" : "")}.", nameof(inputs));
        Signature = AbiDeclaration.Signature(Name, Inputs);
        _topic0 = Sha3Keccack.Current.CalculateHashAsBytes(Signature);
    }

    public string Name { get; }
    public IReadOnlyList<AbiParameter> Inputs { get; }

    /// <summary>Anonymous events do not emit <see cref="Topic0"/>; their topics are the indexed values only.</summary>
    public bool Anonymous { get; }

    public string Signature { get; }

    /// <summary>keccak256(<see cref="Signature"/>); a fresh copy on each call.</summary>
    public byte[] Topic0 => (byte[])_topic0.Clone();

    public string Topic0Hex => Hex.Encode(_topic0);

    /// <summary>Parses <c>Transfer(address indexed from, address indexed to, uint256 value)</c>, optionally prefixed with <c>event</c> and followed by <c>anonymous</c>.</summary>
    public static AbiEvent Parse(string declaration)
    {
        var parsed = AbiSignatureParser.ParseDeclaration(declaration, "event", allowIndexed: true);
        if (parsed.Outputs is not null)
            throw new FormatException($"Invalid ABI event declaration \"{declaration}\": events have no 'returns'.");
        var anonymous = false;
        foreach (var word in parsed.TrailingWords)
        {
            if (word != "anonymous" || anonymous)
                throw new FormatException($"Invalid ABI event declaration \"{declaration}\": unexpected '{word}' after the parameter list.");
            anonymous = true;
        }
        return new AbiEvent(parsed.Name, parsed.Inputs, anonymous);
    }

    /// <summary>
    /// Decodes a log of this event into all parameters in declaration order. Indexed parameters of value types
    /// are decoded from their topic; indexed strings, bytes, arrays and tuples yield their 32-byte hash (a byte[]).
    /// </summary>
    public AbiValues DecodeLog(IReadOnlyList<byte[]> topics, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(topics);
        var indexedCount = Inputs.Count(p => p.Indexed);
        var expectedTopics = indexedCount + (Anonymous ? 0 : 1);
        if (topics.Count != expectedTopics)
            throw new AbiDecodingException($"A {Signature} log has {expectedTopics} topics but this one has {topics.Count}.", 0);
        for (var i = 0; i < topics.Count; i++)
        {
            if (topics[i] is not { Length: 32 })
                throw new AbiDecodingException($"Topic {i} of a {Signature} log must be 32 bytes, got {topics[i]?.Length.ToString() ?? "null"}.", 0);
        }
        if (!Anonymous && !topics[0].AsSpan().SequenceEqual(_topic0))
            throw new AbiDecodingException($"Log topic 0 is {Hex.Encode(topics[0])}, not {Topic0Hex} of {Signature}.", 0);

        var dataParameters = Inputs.Where(p => !p.Indexed).ToArray();
        var dataValues = AbiCodec.DecodeParameters(dataParameters, data, $"{Name} data");
        var values = new object[Inputs.Count];
        var nextTopic = Anonymous ? 0 : 1;
        var nextData = 0;
        for (var i = 0; i < Inputs.Count; i++)
        {
            var parameter = Inputs[i];
            if (!parameter.Indexed)
            {
                values[i] = dataValues[nextData++];
                continue;
            }
            var topic = topics[nextTopic++];
            values[i] = AbiCodec.IsValueType(parameter.Type)
                ? AbiCodec.DecodeParameters([parameter], topic, $"{Name} topic")[0]
                : topic.ToArray();
        }
        return new AbiValues(Inputs, values);
    }

    /// <summary>The topic a value of the named indexed parameter produces, for <c>eth_getLogs</c> filters.</summary>
    public byte[] EncodeTopic(string parameterName, object value)
    {
        var parameter = Inputs.FirstOrDefault(p => p.Name == parameterName)
            ?? throw new ArgumentException($"Event {Signature} has no parameter named '{parameterName}'.", nameof(parameterName));
        if (!parameter.Indexed)
            throw new ArgumentException($"Parameter '{parameterName}' of {Signature} is not indexed, so it has no topic.", nameof(parameterName));
        return AbiCodec.EncodeTopic(parameter.Type, value, $"{Name} topic '{parameterName}'");
    }

    public override string ToString() => $"event {Name}({string.Join(", ", Inputs)})" + (Anonymous ? " anonymous" : "");
}

/// <summary>A custom Solidity error, <c>error InsufficientBalance(uint256 available, uint256 required)</c>.</summary>
public sealed class AbiError
{
    private readonly byte[] _selector;

    public AbiError(string name, IReadOnlyList<AbiParameter> inputs)
    {
        Name = AbiDeclaration.ValidName(name, "error");
        Inputs = AbiDeclaration.WithoutIndexed(inputs, "error");
        Signature = AbiDeclaration.Signature(Name, Inputs);
        _selector = Sha3Keccack.Current.CalculateHashAsBytes(Signature)[..4];
    }

    public string Name { get; }
    public IReadOnlyList<AbiParameter> Inputs { get; }
    public string Signature { get; }
    public byte[] Selector => (byte[])_selector.Clone();
    public string SelectorHex => Hex.Encode(_selector);

    public static AbiError Parse(string declaration)
    {
        var parsed = AbiSignatureParser.ParseDeclaration(declaration, "error", allowIndexed: false);
        if (parsed.Outputs is not null || parsed.TrailingWords.Count > 0)
            throw new FormatException($"Invalid ABI error declaration \"{declaration}\": nothing may follow the parameter list.");
        return new AbiError(parsed.Name, parsed.Inputs);
    }

    /// <summary>Revert data for this error: selector followed by the encoded arguments.</summary>
    public byte[] Encode(params object[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var body = AbiCodec.EncodeParameters(Inputs, args, $"{Name} argument");
        return [.. _selector, .. body];
    }

    /// <summary>Decodes revert data after checking the selector.</summary>
    public AbiValues Decode(ReadOnlySpan<byte> revertData)
    {
        if (!Matches(revertData))
            throw new AbiDecodingException($"Revert data does not start with selector {SelectorHex} of {Signature}.", 0);
        return new AbiValues(Inputs, AbiCodec.DecodeParameters(Inputs, revertData[4..], $"{Name} argument"));
    }

    public bool Matches(ReadOnlySpan<byte> revertData) => revertData.Length >= 4 && revertData[..4].SequenceEqual(_selector);

    public override string ToString() => $"error {Name}({string.Join(", ", Inputs)})";
}

/// <summary>Shared rules of function, event and error declarations.</summary>
internal static class AbiDeclaration
{
    public static string Signature(string name, IReadOnlyList<AbiParameter> parameters)
        => name + "(" + string.Join(",", parameters.Select(p => p.Type.CanonicalName)) + ")";

    public static string ValidName(string name, string kind)
    {
        ArgumentNullException.ThrowIfNull(name);
        var valid = name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] is '_' or '$')
            && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '$');
        if (!valid)
            throw new FormatException($"Invalid {kind} name \"{name}\": use letters, digits, '_' or '$', not starting with a digit.");
        return name;
    }

    public static IReadOnlyList<AbiParameter> WithoutIndexed(IReadOnlyList<AbiParameter> parameters, string kind)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var indexed = parameters.FirstOrDefault(p => p.Indexed);
        if (indexed is not null)
            throw new ArgumentException($"Parameter {indexed} is marked indexed, which only events allow, not a {kind}.", nameof(parameters));
        return parameters.ToArray();
    }
}
