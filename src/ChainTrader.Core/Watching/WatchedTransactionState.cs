using ChainTrader.Core.Chains;

namespace ChainTrader.Core.Watching;

/// <param name="Block">The block it was last seen in.</param>
/// <param name="InChain">False after a removal, until it is found in a canonical block again.</param>
/// <param name="Removals">How many times it has left the chain.</param>
/// <param name="RemovedAt">When it last left the chain (null while in it).</param>
public sealed record WatchedTransactionState(BlockRef Block, bool InChain, int Removals, DateTimeOffset? RemovedAt);
