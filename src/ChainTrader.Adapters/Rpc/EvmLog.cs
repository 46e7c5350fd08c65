using System.Text.Json;
using static ChainTrader.Adapters.Rpc.RpcJson;

namespace ChainTrader.Adapters.Rpc;

/// <summary>An event log from a receipt or eth_getLogs. <see cref="Removed"/> is true when a reorg dropped it.</summary>
public sealed record EvmLog(
    string Address,
    IReadOnlyList<string> Topics,
    byte[] Data,
    ulong BlockNumber,
    string BlockHash,
    string TransactionHash,
    ulong TransactionIndex,
    ulong LogIndex,
    bool Removed)
{
    internal static EvmLog Read(JsonElement l) => new(
        RpcJson.Address(Field(l, "address"), "address"),
        Array(Field(l, "topics"), "topics", Hash),
        RpcJson.Data(Field(l, "data"), "data"),
        Quantity(Field(l, "blockNumber"), "blockNumber"),
        Hash(Field(l, "blockHash"), "blockHash"),
        Hash(Field(l, "transactionHash"), "transactionHash"),
        Quantity(Field(l, "transactionIndex"), "transactionIndex"),
        Quantity(Field(l, "logIndex"), "logIndex"),
        OptionalField(l, "removed") is { } removed && Boolean(removed, "removed"));
}
