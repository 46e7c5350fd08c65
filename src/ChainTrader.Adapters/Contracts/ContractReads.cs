using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.Model;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Adapters.Contracts;

/// <summary>eth_call helpers that turn reverts into <see cref="ContractRevertException"/> and decode outputs.</summary>
public static class ContractReads
{
    /// <summary>An eth_call of <paramref name="function"/> whose result is decoded; a revert throws <see cref="ContractRevertException"/>.</summary>
    public static async Task<IReadOnlyList<ParameterOutput>> CallAsync(this IRpcChannel rpc, FunctionABI function, ContractCall call, BlockParameter block,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rpc);
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(call);
        byte[] output;
        try
        {
            output = await rpc.CallAsync(Eth.Call(call.ToCallInput(), block), cancellationToken).ConfigureAwait(false);
        }
        catch (JsonRpcErrorException e) when (ContractRevertException.TryGetRevert(e) is { } reason)
        {
            throw new ContractRevertException($"{function.Name} on {call.To}", reason, e);
        }
        return DecodeOutput(function, call.To, output);
    }

    /// <summary>A batch item's eth_call output; a revert throws <see cref="ContractRevertException"/>, another JSON-RPC error its <see cref="JsonRpcErrorException"/>.</summary>
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
