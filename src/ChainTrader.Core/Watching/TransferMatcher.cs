using System.Numerics;
using ChainTrader.Core.Chains;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;

namespace ChainTrader.Core.Watching;

/// <summary>A transaction of a scanned block, reduced to what the watcher matches on.</summary>
public sealed record ScannedTransaction(string Hash, BlockRef Block, Address From, Address? To, BigInteger Value);

/// <summary>An event log of a scanned block range (as eth_getLogs returns it).</summary>
public sealed record ScannedLog(string TransactionHash, BlockRef Block, ulong LogIndex, Address Emitter, IReadOnlyList<string> Topics, byte[] Data);

/// <summary>
/// One movement of value in a transaction: the transaction itself (native coin, possibly zero for a contract call) or an
/// ERC-20 Transfer event. <see cref="Token"/> is null for the native coin.
/// </summary>
public sealed record ObservedTransfer(string TransactionHash, BlockRef Block, Address? Token, Address From, Address? To, BigInteger Units)
{
    public bool IsNative => Token is null;
}

/// <summary>Everything one transaction did that touches watched addresses.</summary>
public sealed record MatchedTransaction(string Hash, BlockRef Block, IReadOnlyList<ObservedTransfer> Transfers);

/// <summary>Finds the transactions and ERC-20 transfers of scanned blocks that touch a set of watched addresses.</summary>
public static class TransferMatcher
{
    public static AbiEvent Erc20Transfer { get; } = AbiEvent.Parse("Transfer(address indexed from,address indexed to,uint256 value)");

    /// <summary>The Transfer topic 0, lower-case hex, as nodes return topics.</summary>
    public static string TransferTopic { get; } = Erc20Transfer.Topic0Hex;

    /// <summary>An address as a 32-byte log topic (for eth_getLogs topic filters).</summary>
    public static string AddressTopic(Address address) => Hex.Encode(Erc20Transfer.EncodeTopic("from", address.ToLowerHex()));

    /// <summary>
    /// Transactions from or to a watched address, and ERC-20 Transfer logs from or to one, grouped per transaction in
    /// block order. Logs that are not a standard ERC-20 Transfer (an ERC-721 Transfer has a fourth topic) are skipped.
    /// </summary>
    public static IReadOnlyList<MatchedTransaction> Match(IEnumerable<ScannedTransaction> transactions, IEnumerable<ScannedLog> logs, IReadOnlySet<Address> watched)
    {
        var byHash = new Dictionary<string, (BlockRef Block, ulong Order, List<ObservedTransfer> Transfers)>(StringComparer.OrdinalIgnoreCase);
        List<ObservedTransfer> For(string hash, BlockRef block, ulong order)
        {
            if (!byHash.TryGetValue(hash, out var entry))
                byHash[hash] = entry = (block, order, []);
            return entry.Transfers;
        }

        // Block order: a transaction's place in its block; a log of a transaction not in the list (not expected with full blocks) after them.
        var positions = new Dictionary<string, ulong>(StringComparer.OrdinalIgnoreCase);
        foreach (var tx in transactions)
        {
            var order = (tx.Block.Number << 24) + (ulong)positions.Count % (1 << 23);
            positions.TryAdd(tx.Hash, order);
            if (watched.Contains(tx.From) || (tx.To is { } to && watched.Contains(to)))
                For(tx.Hash, tx.Block, order).Add(new ObservedTransfer(tx.Hash, tx.Block, null, tx.From, tx.To, tx.Value));
        }
        foreach (var log in logs.OrderBy(l => l.Block.Number).ThenBy(l => l.LogIndex))
        {
            if (TryDecodeTransfer(log) is not { } transfer) continue;
            if (!watched.Contains(transfer.From) && !(transfer.To is { } to && watched.Contains(to))) continue;
            var order = positions.TryGetValue(log.TransactionHash, out var known) ? known : (log.Block.Number << 24) + (1 << 23) + log.LogIndex % (1 << 23);
            For(log.TransactionHash, log.Block, order).Add(transfer);
        }
        return byHash.OrderBy(e => e.Value.Order)
            .Select(e => new MatchedTransaction(e.Key, e.Value.Block, e.Value.Transfers))
            .ToList();
    }

    /// <summary>The ERC-20 transfer a log records, or null when it is not one.</summary>
    public static ObservedTransfer? TryDecodeTransfer(ScannedLog log)
    {
        if (log.Topics.Count != 3 || !string.Equals(log.Topics[0], TransferTopic, StringComparison.OrdinalIgnoreCase) || log.Data.Length != 32)
            return null;
        try
        {
            var values = Erc20Transfer.DecodeLog(log.Topics.Select(Hex.Decode).ToList(), log.Data);
            return new ObservedTransfer(log.TransactionHash, log.Block, log.Emitter,
                Address.Parse(values.Get<string>("from")), Address.Parse(values.Get<string>("to")), values.Get<BigInteger>("value"));
        }
        catch (AbiDecodingException)
        {
            // An address topic with non-zero high bytes: not something a real ERC-20 emits, so not a transfer to report.
            return null;
        }
    }
}
