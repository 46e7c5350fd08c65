using ChainTrader.Adapters.Rpc;
using ChainTrader.Core;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;

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
    public static RevertReason? TryGetRevert(RpcException error, IEnumerable<AbiError>? customErrors = null)
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
    public static async Task<AbiValues> CallAsync(this IRpcChannel rpc, AbiFunction function, ContractCall call, BlockTag block,
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
    public static byte[] Output(AbiFunction function, Address contract, RpcBatchItem<byte[]> item)
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
    public static AbiValues Decode(AbiFunction function, Address contract, RpcBatchItem<byte[]> item)
        => DecodeOutput(function, contract, Output(function, contract, item));

    /// <summary>Decodes return data; empty or malformed output is a <see cref="FormatException"/> naming the function and contract.</summary>
    public static AbiValues DecodeOutput(AbiFunction function, Address contract, byte[] output)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(output);
        // A call to an address without code "succeeds" with empty output: say so instead of a decoder error.
        if (output.Length == 0 && function.Outputs.Count > 0)
            throw new FormatException($"{function.Name} on {contract} returned no data: is there a contract with this function at that address?");
        try
        {
            return function.DecodeOutput(output);
        }
        catch (AbiDecodingException e)
        {
            throw new FormatException($"{function.Name} on {contract} returned data that does not decode as ({string.Join(", ", function.Outputs)}): {e.Message}", e);
        }
    }
}

/// <summary>Decoding event logs as returned by the node (hex topics) with the ABI codec.</summary>
public static class EventLogs
{
    /// <summary>Whether the log's topic 0 is <paramref name="abiEvent"/>'s.</summary>
    public static bool Is(this EvmLog log, AbiEvent abiEvent)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(abiEvent);
        return log.Topics.Count > 0 && string.Equals(log.Topics[0], abiEvent.Topic0Hex, StringComparison.OrdinalIgnoreCase);
    }

    public static AbiValues Decode(AbiEvent abiEvent, EvmLog log)
    {
        ArgumentNullException.ThrowIfNull(abiEvent);
        ArgumentNullException.ThrowIfNull(log);
        return abiEvent.DecodeLog(log.Topics.Select(Hex.Decode).ToList(), log.Data);
    }
}
