using ChainTrader.Core.Chains;
using ChainTrader.Core.Evm;

namespace ChainTrader.Core.Watching;

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
