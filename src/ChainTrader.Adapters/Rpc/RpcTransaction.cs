using System.Numerics;
using System.Text.Json;
using static ChainTrader.Adapters.Rpc.RpcJson;

namespace ChainTrader.Adapters.Rpc;

/// <summary>A transaction as returned by eth_getTransactionByHash or inside a full block. Block fields are null while pending.</summary>
public sealed record RpcTransaction(
    string Hash,
    ulong Type,
    string From,
    string? To,
    ulong Nonce,
    BigInteger Value,
    ulong Gas,
    BigInteger? GasPrice,
    BigInteger? MaxFeePerGas,
    BigInteger? MaxPriorityFeePerGas,
    byte[] Input,
    ulong? ChainId,
    string? BlockHash,
    ulong? BlockNumber,
    ulong? TransactionIndex)
{
    internal static RpcTransaction Read(JsonElement t) => new(
        RpcJson.Hash(Field(t, "hash"), "hash"),
        // Pre-typed-transaction nodes omit "type"; such transactions are legacy (type 0).
        OptionalField(t, "type") is { } type ? Quantity(type, "type") : 0,
        Address(Field(t, "from"), "from"),
        OptionalField(t, "to") is { } to ? Address(to, "to") : null,
        Quantity(Field(t, "nonce"), "nonce"),
        BigQuantity(Field(t, "value"), "value"),
        Quantity(Field(t, "gas"), "gas"),
        OptionalBig(t, "gasPrice"),
        OptionalBig(t, "maxFeePerGas"),
        OptionalBig(t, "maxPriorityFeePerGas"),
        Data(Field(t, "input"), "input"),
        OptionalField(t, "chainId") is { } chain ? Quantity(chain, "chainId") : null,
        OptionalField(t, "blockHash") is { } bh ? RpcJson.Hash(bh, "blockHash") : null,
        OptionalField(t, "blockNumber") is { } bn ? Quantity(bn, "blockNumber") : null,
        OptionalField(t, "transactionIndex") is { } ti ? Quantity(ti, "transactionIndex") : null);

    private static BigInteger? OptionalBig(JsonElement t, string name) => OptionalField(t, name) is { } v ? BigQuantity(v, name) : null;
}
