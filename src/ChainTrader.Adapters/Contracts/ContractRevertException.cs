using ChainTrader.Adapters.Rpc;
using ChainTrader.Core;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.Model;

namespace ChainTrader.Adapters.Contracts;

/// <summary>A contract call (eth_call, eth_estimateGas) reverted; <see cref="Reason"/> is the decoded revert data.</summary>
public sealed class ContractRevertException(string what, RevertReason reason, RpcException inner)
    : Exception($"{what} reverted: {reason.Message}", inner)
{
    public RevertReason Reason { get; } = reason;

    /// <summary>
    /// The revert carried by a JSON-RPC error, or null when the error is not a revert. Nodes disagree on the shape:
    /// geth answers code 3 with the data as a hex string; Hardhat answers -32603 with <c>data.data</c>. A revert
    /// without data (<c>require(x)</c>) has no data at all, so the message is the only sign of it.
    /// </summary>
    public static RevertReason? TryGetRevert(RpcException error, IEnumerable<ErrorABI>? customErrors = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.RevertData is { } data)
            return RevertReason.Decode(data, customErrors);
        return error.Code == 3 || error.RpcMessage.Contains("revert", StringComparison.OrdinalIgnoreCase)
            ? RevertReason.Decode([])
            : null;
    }
}

/// <summary>eth_call helpers that turn reverts into <see cref="ContractRevertException"/> and decode outputs.</summary>
public static class ContractReads
{
    /// <summary>An eth_call of <paramref name="function"/> whose result is decoded; a revert throws <see cref="ContractRevertException"/>.</summary>
    public static async Task<IReadOnlyList<ParameterOutput>> CallAsync(this IRpcChannel rpc, FunctionABI function, ContractCall call, BlockTag block,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(call);
        byte[] output;
        try
        {
            output = await rpc.CallAsync(Eth.Call(call.ToRequest(), block), cancellationToken).ConfigureAwait(false);
        }
        catch (RpcException e) when (ContractRevertException.TryGetRevert(e) is { } reason)
        {
            throw new ContractRevertException($"{function.Name} on {call.To}", reason, e);
        }
        return DecodeOutput(function, call.To, output);
    }

    /// <summary>A batch item's eth_call output; a revert throws <see cref="ContractRevertException"/>, another JSON-RPC error its <see cref="RpcException"/>.</summary>
    public static byte[] Output(FunctionABI function, Address contract, RpcBatchItem<byte[]> item)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(item);
        if (item.Error is { } error)
        {
            throw ContractRevertException.TryGetRevert(error) is { } reason
                ? new ContractRevertException($"{function.Name} on {contract}", reason, error)
                : error;
        }
        return item.Result;
    }

    /// <summary>A batch item's eth_call output decoded as <paramref name="function"/>'s outputs.</summary>
    public static IReadOnlyList<ParameterOutput> Decode(FunctionABI function, Address contract, RpcBatchItem<byte[]> item)
        => DecodeOutput(function, contract, Output(function, contract, item));

    /// <summary>Decodes return data; empty or malformed output is a <see cref="FormatException"/> naming the function and contract.</summary>
    public static IReadOnlyList<ParameterOutput> DecodeOutput(FunctionABI function, Address contract, byte[] output)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(output);
        // A call to an address without code "succeeds" with empty output: say so instead of a decoder error.
        if (output.Length == 0 && function.OutputParameters.Length > 0)
            throw new FormatException($"{function.Name} on {contract} returned no data: is there a contract with this function at that address?");
        try
        {
            return AbiDeclarations.Decode(function.OutputParameters, output);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{function.Name} on {contract} returned data that does not decode as ({string.Join(", ", function.OutputParameters.Select(p => p.Type))}): {e.Message}", e);
        }
    }
}

/// <summary>Decoding event logs as returned by the node (hex topics) with Nethereum's topic decoder.</summary>
public static class EventLogs
{
    /// <summary>Whether the log's topic 0 is <paramref name="abiEvent"/>'s.</summary>
    public static bool Is(this EvmLog log, EventABI abiEvent)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(abiEvent);
        return log.Topics.Count > 0 && string.Equals(log.Topics[0], abiEvent.Topic0Hex(), StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A log's values by parameter; a log that does not fit the event (topic count, short data) is a <see cref="FormatException"/>.</summary>
    public static IReadOnlyList<ParameterOutput> Decode(EventABI abiEvent, EvmLog log)
    {
        ArgumentNullException.ThrowIfNull(abiEvent);
        ArgumentNullException.ThrowIfNull(log);
        if (!log.Is(abiEvent))
            throw new FormatException($"The log's topic 0 is not {abiEvent.Signature}'s.");
        var indexed = abiEvent.InputParameters.Where(p => p.Indexed).OrderBy(p => p.Order).ToArray();
        if (log.Topics.Count != indexed.Length + 1)
            throw new FormatException($"A {abiEvent.Signature} log has {indexed.Length + 1} topics but this one has {log.Topics.Count}.");
        var dataParameters = abiEvent.InputParameters.Where(p => !p.Indexed).ToArray();
        if (log.Data.Length < dataParameters.Sum(p => p.ABIType.IsDynamic() ? 32 : p.ABIType.FixedSize))
            throw new FormatException($"{abiEvent.Signature} log has {log.Data.Length} bytes of data, too few for its non-indexed values.");
        // Anyone can emit a log with a known topic 0: each value must be the canonical encoding Solidity emits (an address
        // topic with high bits set is refused, not truncated). A dynamic indexed value's topic is its hash, kept as hex.
        var values = new List<ParameterOutput>();
        try
        {
            for (var i = 0; i < indexed.Length; i++)
            {
                var topic = log.Topics[i + 1];
                values.Add(indexed[i].ABIType.IsDynamic()
                    ? new ParameterOutput { Parameter = indexed[i], Result = topic }
                    : AbiDeclarations.DecodeCanonical([indexed[i]], Hex.Decode(topic))[0]);
            }
            values.AddRange(AbiDeclarations.DecodeCanonical(dataParameters, log.Data));
        }
        catch (FormatException e)
        {
            throw new FormatException($"{abiEvent.Signature} log does not decode: {e.Message}", e);
        }
        return values;
    }
}
