namespace ChainTrader.Core.Chains;

/// <summary>A block by number and hash: where a transaction was seen.</summary>
public readonly record struct BlockRef(ulong Number, string Hash)
{
    public bool SameBlockAs(BlockRef other) => Number == other.Number && string.Equals(Hash, other.Hash, StringComparison.OrdinalIgnoreCase);
}
