using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nethereum.RPC.Eth.DTOs;
using static ChainTrader.Adapters.Rpc.RpcJson;

namespace ChainTrader.Adapters.Rpc;

/// <summary>
/// The typed Ethereum JSON-RPC calls (method names and parameters per the Ethereum execution API spec). Use them with
/// <see cref="IRpcChannel.CallAsync{T}"/> or <see cref="RpcBatch.Add{T}"/>; <see cref="EthRpcExtensions"/> wraps each in a method.
/// </summary>
public static class Eth
{
    public static RpcCall<ulong> ChainId() => new("eth_chainId", [], r => Quantity(r, "result"));

    public static RpcCall<ulong> BlockNumber() => new("eth_blockNumber", [], r => Quantity(r, "result"));

    /// <summary>The block with its transactions' hashes; null when the node has no such block (for example a number beyond the head).</summary>
    public static RpcCall<BlockWithTransactionHashes?> GetBlockByNumber(BlockParameter block) =>
        new("eth_getBlockByNumber", [NotPending(block), false], r => ReadOptional(r, b => RpcModelChecks.Checked(Nethereum<BlockWithTransactionHashes>(b))));

    /// <summary>The block with its full transaction objects; null when the node has no such block.</summary>
    public static RpcCall<BlockWithTransactions?> GetBlockWithTransactionsByNumber(BlockParameter block) =>
        new("eth_getBlockByNumber", [NotPending(block), true], r => ReadOptional(r, b => RpcModelChecks.Checked(Nethereum<BlockWithTransactions>(b))));

    /// <summary>The block with its transactions' hashes; null when the node does not know the hash.</summary>
    public static RpcCall<BlockWithTransactionHashes?> GetBlockByHash(string blockHash) =>
        new("eth_getBlockByHash", [HashParam(blockHash, nameof(blockHash)), false],
            r => ReadOptional(r, b => RpcModelChecks.Checked(Nethereum<BlockWithTransactionHashes>(b))));

    // The pending block has no hash or final number on most nodes, which the checks above demand.
    private static string NotPending(BlockParameter block)
    {
        var tag = Tag(block);
        return tag == "pending" ? throw new ArgumentException("The pending block has no hash or final number; ask for latest or a number.", nameof(block)) : tag;
    }

    /// <summary>The block parameter as sent: "latest", "pending", ... or a hex number such as "0x1b4".</summary>
    private static string Tag(BlockParameter block)
    {
        ArgumentNullException.ThrowIfNull(block);
        return block.GetRPCParam();
    }

    /// <summary>Executes a call without a transaction; returns the return data. A revert is an <see cref="JsonRpcErrorException"/> with its data.</summary>
    public static RpcCall<byte[]> Call(CallInput transaction, BlockParameter block) =>
        new("eth_call", [CallObject(transaction), Tag(block)], r => Data(r, "result"));

    public static RpcCall<ulong> EstimateGas(CallInput transaction, BlockParameter? block = null) =>
        new("eth_estimateGas", block is { } b ? [CallObject(transaction), Tag(b)] : [CallObject(transaction)], r => Quantity(r, "result"));

    public static RpcCall<BigInteger> GasPrice() => new("eth_gasPrice", [], r => BigQuantity(r, "result"));

    public static RpcCall<BigInteger> MaxPriorityFeePerGas() => new("eth_maxPriorityFeePerGas", [], r => BigQuantity(r, "result"));

    /// <param name="blockCount">How many blocks, 1 to 1024.</param>
    /// <param name="newestBlock">The newest block of the range.</param>
    /// <param name="rewardPercentiles">Ascending percentiles between 0 and 100 of priority fees to report per block.</param>
    public static RpcCall<FeeHistoryResult> FeeHistory(int blockCount, BlockParameter newestBlock, IReadOnlyList<decimal> rewardPercentiles)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockCount, 1024);
        ArgumentNullException.ThrowIfNull(rewardPercentiles);
        for (var i = 0; i < rewardPercentiles.Count; i++)
        {
            if (rewardPercentiles[i] is < 0 or > 100 || (i > 0 && rewardPercentiles[i] < rewardPercentiles[i - 1]))
                throw new ArgumentException($"Reward percentiles must be ascending values from 0 to 100; entry {i} is {rewardPercentiles[i]}.", nameof(rewardPercentiles));
        }
        var percentiles = new JsonArray(rewardPercentiles.Select(p => (JsonNode)JsonValue.Create(p)).ToArray());
        return new("eth_feeHistory", [QuantityParam(blockCount, nameof(blockCount)), Tag(newestBlock), percentiles],
            r => RpcModelChecks.Checked(Nethereum<FeeHistoryResult>(r)));
    }

    public static RpcCall<ulong> GetTransactionCount(string address, BlockParameter block) =>
        new("eth_getTransactionCount", [AddressParam(address, nameof(address)), Tag(block)], r => Quantity(r, "result"));

    public static RpcCall<BigInteger> GetBalance(string address, BlockParameter block) =>
        new("eth_getBalance", [AddressParam(address, nameof(address)), Tag(block)], r => BigQuantity(r, "result"));

    /// <summary>Broadcasts a signed transaction; returns its hash.</summary>
    public static RpcCall<string> SendRawTransaction(ReadOnlySpan<byte> signedTransaction)
    {
        if (signedTransaction.IsEmpty) throw new ArgumentException("The signed transaction is empty.", nameof(signedTransaction));
        return new("eth_sendRawTransaction", [DataParam(signedTransaction)], r => Hash(r, "result"));
    }

    /// <summary>Null while the transaction is pending or unknown.</summary>
    public static RpcCall<TransactionReceipt?> GetTransactionReceipt(string transactionHash) =>
        new("eth_getTransactionReceipt", [HashParam(transactionHash, nameof(transactionHash))],
            r => ReadOptional(r, t => RpcModelChecks.Checked(Nethereum<TransactionReceipt>(t))));

    /// <summary>Null when the node does not know the transaction.</summary>
    public static RpcCall<Transaction?> GetTransactionByHash(string transactionHash) =>
        new("eth_getTransactionByHash", [HashParam(transactionHash, nameof(transactionHash))], r => ReadOptional(r, ReadTransaction));

    /// <summary>A transaction object (alone or in a full block), checked.</summary>
    internal static Transaction ReadTransaction(JsonElement t) => RpcModelChecks.Checked(Nethereum<Transaction>(t));

    /// <summary>The logs the filter matches. <see cref="NewFilterInput.Topics"/> is positional: a null position matches anything,
    /// a topic matches itself, and a list of topics matches any of them.</summary>
    public static RpcCall<IReadOnlyList<FilterLog>> GetLogs(NewFilterInput filter) =>
        new("eth_getLogs", [FilterObject(filter)], r => Array(r, "result", (l, _) => RpcModelChecks.Checked(Nethereum<FilterLog>(l))));

    /// <summary>A result read into Nethereum's model of it; a result that does not fit is the endpoint's fault.</summary>
    private static T Nethereum<T>(JsonElement result) where T : class =>
        result.Deserialize<T>(NethereumJson.Options) ?? throw new FormatException($"expected a {typeof(T).Name} object, got null");

    private static T? ReadOptional<T>(JsonElement result, Func<JsonElement, T> read) where T : class =>
        result.ValueKind == JsonValueKind.Null ? null : read(result);

    /// <summary>The call object with only the members that are set, each checked (a malformed one is the caller's error).</summary>
    private static JsonObject CallObject(CallInput t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var o = new JsonObject();
        if (t.From is not null) o["from"] = AddressParam(t.From, "transaction.From");
        if (t.To is not null) o["to"] = AddressParam(t.To, "transaction.To");
        if (t.Gas is { } gas) o["gas"] = QuantityParam(gas.Value, "transaction.Gas");
        if (t.GasPrice is { } gasPrice) o["gasPrice"] = QuantityParam(gasPrice.Value, "transaction.GasPrice");
        if (t.MaxFeePerGas is { } maxFee) o["maxFeePerGas"] = QuantityParam(maxFee.Value, "transaction.MaxFeePerGas");
        if (t.MaxPriorityFeePerGas is { } tip) o["maxPriorityFeePerGas"] = QuantityParam(tip.Value, "transaction.MaxPriorityFeePerGas");
        if (t.Value is { } value) o["value"] = QuantityParam(value.Value, "transaction.Value");
        if (t.Type is { } type) o["type"] = QuantityParam(type.Value, "transaction.Type");
        if (t.ChainId is { } chainId) o["chainId"] = QuantityParam(chainId.Value, "transaction.ChainId");
        if (t.Data is not null) o["data"] = HexDataParam(t.Data, "transaction.Data");
        return o;
    }

    private static JsonObject FilterObject(NewFilterInput f)
    {
        ArgumentNullException.ThrowIfNull(f);
        var o = new JsonObject();
        if (f.FromBlock is { } from) o["fromBlock"] = Tag(from);
        if (f.ToBlock is { } to) o["toBlock"] = Tag(to);
        if (f.Address is { Length: > 0 } addresses)
            o["address"] = new JsonArray(addresses.Select((a, i) => (JsonNode)AddressParam(a, $"filter.Address[{i}]")).ToArray());
        if (f.Topics is { } topics)
        {
            if (topics.Length > 4) throw new ArgumentException($"A log has at most 4 topics; the filter has {topics.Length} positions.", nameof(f));
            o["topics"] = new JsonArray(topics.Select((position, i) => position switch
            {
                null => null,
                string topic => (JsonNode)HashParam(topic, $"filter.Topics[{i}]"),
                IEnumerable<string> alternatives => new JsonArray(alternatives.Select(t => (JsonNode)HashParam(t, $"filter.Topics[{i}]")).ToArray()),
                _ => throw new ArgumentException($"filter.Topics[{i}] must be null, a topic or a list of topics; it is a {position.GetType().Name}.", nameof(f)),
            }).ToArray());
        }
        return o;
    }
}
