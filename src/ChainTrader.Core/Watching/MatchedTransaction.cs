using ChainTrader.Core.Chains;

namespace ChainTrader.Core.Watching;

/// <summary>Everything one transaction did that touches watched addresses.</summary>
public sealed record MatchedTransaction(string Hash, BlockRef Block, IReadOnlyList<ObservedTransfer> Transfers);
