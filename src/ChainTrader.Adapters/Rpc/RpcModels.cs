using System.Numerics;
using System.Text.Json;
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
    IReadOnlyList<RpcTransaction>? Transactions)
{
    public DateTimeOffset Time => DateTimeOffset.FromUnixTimeSeconds(checked((long)Timestamp));

    internal static Block Read(JsonElement b, bool fullTransactions)
    {
        var txs = Field(b, "transactions");
        IReadOnlyList<RpcTransaction>? objects = fullTransactions ? Array(txs, "transactions", (t, _) => RpcTransaction.Read(t)) : null;
        var hashes = objects is not null ? objects.Select(t => t.Hash).ToList() : Array(txs, "transactions", RpcJson.Hash);
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

/// <summary>
/// eth_feeHistory: base fees for the blocks from <see cref="OldestBlock"/> plus the next block (one more entry than
/// <see cref="GasUsedRatio"/>), and per block the priority fees at the requested percentiles.
/// </summary>
public sealed record FeeHistory(
    ulong OldestBlock,
    IReadOnlyList<BigInteger> BaseFeePerGas,
    IReadOnlyList<decimal> GasUsedRatio,
    IReadOnlyList<IReadOnlyList<BigInteger>> Reward)
{
    internal static FeeHistory Read(JsonElement f)
    {
        var ratios = Array(Field(f, "gasUsedRatio"), "gasUsedRatio", (v, what) => v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d)
            ? d
            : throw new FormatException($"{what}: expected a number, got {v.GetRawText()}"));
        return new FeeHistory(
            Quantity(Field(f, "oldestBlock"), "oldestBlock"),
            Array(Field(f, "baseFeePerGas"), "baseFeePerGas", BigQuantity),
            ratios,
            OptionalField(f, "reward") is { } reward
                ? Array(reward, "reward", (row, what) => Array(row, what, BigQuantity))
                : []);
    }
}

/// <summary>
/// A transaction call object for eth_call and eth_estimateGas. Only the members that are set are sent.
/// Addresses are 0x-prefixed 20-byte hex strings.
/// </summary>
public sealed record TransactionRequest
{
    public string? From { get; init; }
    public string? To { get; init; }
    public byte[]? Data { get; init; }
    public BigInteger? Value { get; init; }
    public ulong? Gas { get; init; }
    public BigInteger? GasPrice { get; init; }
    public BigInteger? MaxFeePerGas { get; init; }
    public BigInteger? MaxPriorityFeePerGas { get; init; }
    public ulong? Nonce { get; init; }
}

/// <summary>
/// An eth_getLogs filter. Either a block range (<see cref="FromBlock"/>/<see cref="ToBlock"/>) or a single
/// <see cref="BlockHash"/>. <see cref="Topics"/> is positional: a null position matches anything, a list matches any of its topics.
/// </summary>
public sealed record LogFilter
{
    public BlockTag? FromBlock { get; init; }
    public BlockTag? ToBlock { get; init; }
    public string? BlockHash { get; init; }
    public IReadOnlyList<string>? Addresses { get; init; }
    public IReadOnlyList<IReadOnlyList<string>?>? Topics { get; init; }
}
