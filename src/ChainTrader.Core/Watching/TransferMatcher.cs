using System.Numerics;
using ChainTrader.Core.Chains;
using ChainTrader.Core.Evm;

namespace ChainTrader.Core.Watching;

/// <summary>A transaction of a scanned block, reduced to what the watcher matches on.</summary>
public sealed record ScannedTransaction(string Hash, BlockRef Block, Address From, Address? To, BigInteger Value);

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
    /// <summary>
    /// Transactions from or to a watched address, and ERC-20 transfers (decoded Transfer logs, in log order) from or to
    /// one, grouped per transaction in block order.
    /// </summary>
    public static IReadOnlyList<MatchedTransaction> Match(IEnumerable<ScannedTransaction> transactions, IEnumerable<ObservedTransfer> tokenTransfers, IReadOnlySet<Address> watched)
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
        ulong unplaced = 0;
        foreach (var transfer in tokenTransfers)
        {
            if (!watched.Contains(transfer.From) && !(transfer.To is { } to && watched.Contains(to))) continue;
            var order = positions.TryGetValue(transfer.TransactionHash, out var known) ? known : (transfer.Block.Number << 24) + (1 << 23) + unplaced++ % (1 << 23);
            For(transfer.TransactionHash, transfer.Block, order).Add(transfer);
        }
        return byHash.OrderBy(e => e.Value.Order)
            .Select(e => new MatchedTransaction(e.Key, e.Value.Block, e.Value.Transfers))
            .ToList();
    }
}
