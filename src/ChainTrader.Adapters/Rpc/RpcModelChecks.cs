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
        Hash(transaction.TransactionHash, "hash");
        Address(transaction.From, "from");
        if (transaction.To is not null) Address(transaction.To, "to");
        Quantity(transaction.Nonce, "nonce");
        Quantity(transaction.Value, "value");
        Quantity(transaction.Gas, "gas");
        Data(transaction.Input, "input");
        if (transaction.BlockHash is not null) Hash(transaction.BlockHash, "blockHash");
        foreach (var (optional, what) in new[]
                 {
                     (transaction.Type, "type"), (transaction.BlockNumber, "blockNumber"), (transaction.TransactionIndex, "transactionIndex"),
                     (transaction.GasPrice, "gasPrice"), (transaction.MaxFeePerGas, "maxFeePerGas"), (transaction.MaxPriorityFeePerGas, "maxPriorityFeePerGas"),
                 })
        {
            if (optional is not null) Quantity(optional, what);
        }
        transaction.TransactionHash = transaction.TransactionHash.ToLowerInvariant();
        transaction.From = transaction.From.ToLowerInvariant();
        transaction.To = transaction.To?.ToLowerInvariant();
        transaction.BlockHash = transaction.BlockHash?.ToLowerInvariant();
        return transaction;
    }

    /// <summary>Checks a block with its transaction hashes and writes its hashes and addresses lower-case.</summary>
    public static BlockWithTransactionHashes Checked(BlockWithTransactionHashes block)
    {
        CheckedHeader(block);
        var hashes = block.TransactionHashes ?? throw Missing("transactions");
        for (var i = 0; i < hashes.Length; i++)
        {
            Hash(hashes[i], "transactions");
            hashes[i] = hashes[i].ToLowerInvariant();
        }
        return block;
    }

    /// <summary>Checks a block with its full transactions (each as <see cref="Checked(Transaction)"/>).</summary>
    public static BlockWithTransactions Checked(BlockWithTransactions block)
    {
        CheckedHeader(block);
        foreach (var transaction in block.Transactions ?? throw Missing("transactions")) Checked(transaction ?? throw Missing("transaction"));
        return block;
    }

    private static void CheckedHeader(Block block)
    {
        Height(block.Number, "number");
        Height(block.Timestamp, "timestamp");
        Height(block.GasLimit, "gasLimit");
        Height(block.GasUsed, "gasUsed");
        if (block.BaseFeePerGas is not null) Quantity(block.BaseFeePerGas, "baseFeePerGas");
        Hash(block.BlockHash, "hash");
        Hash(block.ParentHash, "parentHash");
        Address(block.Miner, "miner");
        block.BlockHash = block.BlockHash.ToLowerInvariant();
        block.ParentHash = block.ParentHash.ToLowerInvariant();
        block.Miner = block.Miner.ToLowerInvariant();
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

    private static void Hash(string? value, string what) => Data(value, what, 32);

    private static void Address(string? value, string what) => Data(value, what, 20);

    private static void Data(string? value, string what, int? length = null)
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
    }

    private static FormatException Missing(string what) => new($"field '{what}' is missing or null");
}
