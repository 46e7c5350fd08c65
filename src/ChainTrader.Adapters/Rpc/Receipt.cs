using System.Numerics;
using System.Text.Json;
using static ChainTrader.Adapters.Rpc.RpcJson;

namespace ChainTrader.Adapters.Rpc;

/// <summary>A mined transaction's receipt (eth_getTransactionReceipt).</summary>
public sealed record Receipt(
    string TransactionHash,
    ulong TransactionIndex,
    string BlockHash,
    ulong BlockNumber,
    string From,
    string? To,
    string? ContractAddress,
    ulong Status,
    ulong GasUsed,
    ulong CumulativeGasUsed,
    BigInteger EffectiveGasPrice,
    ulong Type,
    IReadOnlyList<EvmLog> Logs)
{
    /// <summary>Status 1 means the transaction executed; 0 means it reverted (and still paid for gas).</summary>
    public bool Succeeded => Status == 1;

    internal static Receipt Read(JsonElement r)
    {
        var status = Quantity(Field(r, "status"), "status");
        if (status > 1) throw new FormatException($"status: expected 0x0 or 0x1, got {status}");
        return new Receipt(
            Hash(Field(r, "transactionHash"), "transactionHash"),
            Quantity(Field(r, "transactionIndex"), "transactionIndex"),
            Hash(Field(r, "blockHash"), "blockHash"),
            Quantity(Field(r, "blockNumber"), "blockNumber"),
            Address(Field(r, "from"), "from"),
            OptionalField(r, "to") is { } to ? Address(to, "to") : null,
            OptionalField(r, "contractAddress") is { } ca ? Address(ca, "contractAddress") : null,
            status,
            Quantity(Field(r, "gasUsed"), "gasUsed"),
            Quantity(Field(r, "cumulativeGasUsed"), "cumulativeGasUsed"),
            BigQuantity(Field(r, "effectiveGasPrice"), "effectiveGasPrice"),
            OptionalField(r, "type") is { } type ? Quantity(type, "type") : 0,
            Array(Field(r, "logs"), "logs", (l, _) => EvmLog.Read(l)));
    }
}
