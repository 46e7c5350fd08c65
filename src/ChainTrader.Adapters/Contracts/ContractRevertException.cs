using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Evm.Abi;
using Nethereum.ABI.Model;

namespace ChainTrader.Adapters.Contracts;

/// <summary>A contract call (eth_call, eth_estimateGas) reverted; <see cref="Reason"/> is the decoded revert data.</summary>
public sealed class ContractRevertException(string what, RevertReason reason, JsonRpcErrorException inner)
    : Exception($"{what} reverted: {reason.Message}", inner)
{
    public RevertReason Reason { get; } = reason;

    /// <summary>
    /// The revert carried by a JSON-RPC error, or null when the error is not a revert. Nodes disagree on the shape:
    /// geth answers code 3 with the data as a hex string; Hardhat answers -32603 with <c>data.data</c>. A revert
    /// without data (<c>require(x)</c>) has no data at all, so the message is the only sign of it.
    /// </summary>
    public static RevertReason? TryGetRevert(JsonRpcErrorException error, IEnumerable<ErrorABI>? customErrors = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        if (error.RevertData is { } data)
            return RevertReason.Decode(data, customErrors);
        return error.Code == 3 || error.RpcMessage.Contains("revert", StringComparison.OrdinalIgnoreCase)
            ? RevertReason.Decode([])
            : null;
    }
}
