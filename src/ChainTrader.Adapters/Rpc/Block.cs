using System.Numerics;
using System.Text.Json;
using Nethereum.RPC.Eth.DTOs;
using static ChainTrader.Adapters.Rpc.RpcJson;

namespace ChainTrader.Adapters.Rpc;

/// <summary>
/// A block as returned by eth_getBlockByNumber / eth_getBlockByHash. <see cref="TransactionHashes"/> is always filled;
/// <see cref="Transactions"/> only when full transaction objects were requested.
/// </summary>
public sealed record Block(
    ulong Number,
    string Hash,
    string ParentHash,
    ulong Timestamp,
    BigInteger? BaseFeePerGas,
    ulong GasLimit,
    ulong GasUsed,
    string Miner,
    IReadOnlyList<string> TransactionHashes,
    IReadOnlyList<Transaction>? Transactions)
{
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeSeconds(checked((long)Timestamp));

    internal static Block Read(JsonElement b, bool fullTransactions)
    {
        var txs = Field(b, "transactions");
        IReadOnlyList<Transaction>? objects = fullTransactions ? Array(txs, "transactions", (t, _) => Eth.ReadTransaction(t)) : null;
        var hashes = objects is not null ? objects.Select(t => t.TransactionHash).ToList() : Array(txs, "transactions", RpcJson.Hash);
        return new Block(
            Quantity(Field(b, "number"), "number"),
            RpcJson.Hash(Field(b, "hash"), "hash"),
            RpcJson.Hash(Field(b, "parentHash"), "parentHash"),
            Quantity(Field(b, "timestamp"), "timestamp"),
            OptionalField(b, "baseFeePerGas") is { } fee ? BigQuantity(fee, "baseFeePerGas") : null,
            Quantity(Field(b, "gasLimit"), "gasLimit"),
            Quantity(Field(b, "gasUsed"), "gasUsed"),
            Address(Field(b, "miner"), "miner"),
            hashes,
            objects);
    }
}
