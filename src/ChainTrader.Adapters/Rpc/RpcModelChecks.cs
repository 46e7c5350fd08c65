using System.Text.Json;
using ChainTrader.Core;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Adapters.Rpc;

/// <summary>
/// The checks a result read into Nethereum's models passes before anyone uses it. Nethereum converts a hex quantity only
/// when it is first read and takes hashes and addresses as any string, so a malformed answer would surface in whoever
/// reads it; checked here, it is the endpoint's fault (<see cref="RpcMalformedResponseException"/>), as with every other
/// result. The readers throw <see cref="FormatException"/> naming the field.
/// </summary>
internal static class RpcModelChecks
{
    public static FeeHistoryResult Checked(FeeHistoryResult history)
    {
        Quantity(history.OldestBlock, "oldestBlock");
        _ = history.GasUsedRatio ?? throw Missing("gasUsedRatio");
        foreach (var fee in history.BaseFeePerGas ?? throw Missing("baseFeePerGas")) Quantity(fee, "baseFeePerGas");
        foreach (var reward in (history.Reward ?? []).SelectMany(row => row ?? throw Missing("reward row"))) Quantity(reward, "reward");
        return history;
    }

    /// <summary>Checks a transaction object and writes its hashes and addresses lower-case, as every other result has them.</summary>
    public static Transaction Checked(Transaction transaction)
    {
        transaction.TransactionHash = Hash(transaction.TransactionHash, "hash");
        transaction.From = Address(transaction.From, "from");
        transaction.To = OptionalAddress(transaction.To, "to");
        Quantity(transaction.Nonce, "nonce");
        Quantity(transaction.Value, "value");
        Quantity(transaction.Gas, "gas");
        Data(transaction.Input, "input");
        transaction.BlockHash = transaction.BlockHash is null ? null : Hash(transaction.BlockHash, "blockHash");
        foreach (var (optional, what) in new[]
                 {
                     (transaction.Type, "type"), (transaction.BlockNumber, "blockNumber"), (transaction.TransactionIndex, "transactionIndex"),
                     (transaction.GasPrice, "gasPrice"), (transaction.MaxFeePerGas, "maxFeePerGas"), (transaction.MaxPriorityFeePerGas, "maxPriorityFeePerGas"),
                 })
        {
            if (optional is not null) Quantity(optional, what);
        }
        return transaction;
    }

    /// <summary>Checks a block with its transaction hashes and writes its hashes and addresses lower-case.</summary>
    public static BlockWithTransactionHashes Checked(BlockWithTransactionHashes block)
    {
        CheckedHeader(block);
        var hashes = block.TransactionHashes ?? throw Missing("transactions");
        for (var i = 0; i < hashes.Length; i++) hashes[i] = Hash(hashes[i], "transactions");
        return block;
    }

    /// <summary>Checks a block with its full transactions (each as <see cref="Checked(Transaction)"/>).</summary>
    public static BlockWithTransactions Checked(BlockWithTransactions block)
    {
        CheckedHeader(block);
        foreach (var transaction in block.Transactions ?? throw Missing("transactions")) Checked(transaction ?? throw Missing("transaction"));
        return block;
    }

    /// <summary>Checks a receipt and its logs (each as <see cref="Checked(FilterLog)"/>) and writes its hashes and addresses lower-case.</summary>
    public static TransactionReceipt Checked(TransactionReceipt receipt)
    {
        receipt.TransactionHash = Hash(receipt.TransactionHash, "transactionHash");
        Height(receipt.TransactionIndex, "transactionIndex");
        receipt.BlockHash = Hash(receipt.BlockHash, "blockHash");
        Height(receipt.BlockNumber, "blockNumber");
        receipt.From = Address(receipt.From, "from");
        receipt.To = OptionalAddress(receipt.To, "to");
        receipt.ContractAddress = OptionalAddress(receipt.ContractAddress, "contractAddress");
        Quantity(receipt.Status, "status");
        if (receipt.Status.Value > 1) throw new FormatException($"status: expected 0x0 or 0x1, got {receipt.Status.HexValue}");
        Height(receipt.GasUsed, "gasUsed");
        Height(receipt.CumulativeGasUsed, "cumulativeGasUsed");
        Quantity(receipt.EffectiveGasPrice, "effectiveGasPrice");
        if (receipt.Type is not null) Quantity(receipt.Type, "type");
        foreach (var log in receipt.Logs ?? throw Missing("logs")) Checked(log ?? throw Missing("log"));
        return receipt;
    }

    /// <summary>
    /// Checks a mined log and writes its hashes and address lower-case. Its topics, read as JSON elements into Nethereum's
    /// object array, become strings (see <see cref="LogReadings.Topic"/>).
    /// </summary>
    public static FilterLog Checked(FilterLog log)
    {
        log.Address = Address(log.Address, "address");
        var topics = log.Topics ?? throw Missing("topics");
        for (var i = 0; i < topics.Length; i++)
        {
            topics[i] = Hash(topics[i] switch
            {
                string text => text,
                JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
                _ => throw new FormatException($"topics: entry {i} is not a hex string"),
            }, "topics");
        }
        Data(log.Data, "data");
        Height(log.BlockNumber, "blockNumber");
        log.BlockHash = Hash(log.BlockHash, "blockHash");
        log.TransactionHash = Hash(log.TransactionHash, "transactionHash");
        Height(log.TransactionIndex, "transactionIndex");
        Height(log.LogIndex, "logIndex");
        return log;
    }

    private static void CheckedHeader(Block block)
    {
        Height(block.Number, "number");
        Height(block.Timestamp, "timestamp");
        Height(block.GasLimit, "gasLimit");
        Height(block.GasUsed, "gasUsed");
        if (block.BaseFeePerGas is not null) Quantity(block.BaseFeePerGas, "baseFeePerGas");
        block.BlockHash = Hash(block.BlockHash, "hash");
        block.ParentHash = Hash(block.ParentHash, "parentHash");
        block.Miner = Address(block.Miner, "miner");
    }

    /// <summary>A quantity the project reads as a 64-bit number (a height, a time, gas).</summary>
    private static void Height(HexBigInteger? value, string what)
    {
        Quantity(value, what);
        if (value!.Value > ulong.MaxValue) throw new FormatException($"{what}: quantity {value.HexValue} does not fit in 64 bits");
    }

    private static void Quantity(HexBigInteger? value, string what)
    {
        if (value is null) throw Missing(what);
        int sign;
        try
        {
            sign = value.Value.Sign;
        }
        catch (FormatException e)
        {
            throw new FormatException($"{what}: \"{value.HexValue}\" is not a hex quantity", e);
        }
        if (sign < 0) throw new FormatException($"{what}: a quantity cannot be negative");
    }

    /// <summary>The hash, lower-case, as every other result has it.</summary>
    private static string Hash(string? value, string what) => Data(value, what, 32).ToLowerInvariant();

    /// <summary>The address, lower-case, as every other result has it.</summary>
    private static string Address(string? value, string what) => Data(value, what, 20).ToLowerInvariant();

    private static string? OptionalAddress(string? value, string what) => value is null ? null : Address(value, what);

    private static string Data(string? value, string what, int? length = null)
    {
        if (value is null) throw Missing(what);
        if (!value.StartsWith("0x", StringComparison.Ordinal)) throw new FormatException($"{what}: \"{value}\" is not 0x-prefixed hex data");
        byte[] bytes;
        try
        {
            bytes = Hex.Decode(value);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{what}: \"{value}\" is not hex data", e);
        }
        if (length is { } n && bytes.Length != n) throw new FormatException($"{what}: expected {n} bytes, got {bytes.Length}");
        return value;
    }

    private static FormatException Missing(string what) => new($"field '{what}' is missing or null");
}
