namespace ChainTrader.Core.Chains;

/// <param name="Block">The canonical block the transaction is in now (null when not included or reorged).</param>
/// <param name="Confirmations">Blocks from <see cref="Block"/> to the head, both counted: 1 in the head block itself.</param>
public sealed record InclusionCheck(InclusionStatus Status, BlockRef? Block, ulong Confirmations, int Required);
