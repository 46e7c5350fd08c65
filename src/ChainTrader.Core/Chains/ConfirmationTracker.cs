namespace ChainTrader.Core.Chains;

/// <summary>
/// Confirmation depth and reorg detection for a transaction, shared by the wallet watcher and the trade lifecycle.
/// Pure: callers fetch the head and canonical hashes (in as few RPC round trips as they like) and ask here what they mean.
/// A reorg deeper than the confirmation depth is outside the model: once final, a caller stops checking.
/// </summary>
public sealed class ConfirmationTracker
{
    public ConfirmationTracker(int requiredConfirmations)
    {
        if (requiredConfirmations < 1)
            throw new ArgumentOutOfRangeException(nameof(requiredConfirmations), requiredConfirmations, "At least one confirmation (the including block) is required.");
        RequiredConfirmations = requiredConfirmations;
    }

    public int RequiredConfirmations { get; }

    /// <summary>
    /// A transaction seen in <paramref name="seenIn"/>: still there (and how deep), or reorged out.
    /// </summary>
    /// <param name="head">The number of the newest block the caller has verified as canonical.</param>
    /// <param name="canonicalHashAtHeight">The canonical block hash at <c>seenIn.Number</c> now; null when the chain no longer reaches that height.</param>
    public InclusionCheck Check(BlockRef seenIn, ulong head, string? canonicalHashAtHeight)
    {
        if (canonicalHashAtHeight is null || head < seenIn.Number || !string.Equals(canonicalHashAtHeight, seenIn.Hash, StringComparison.OrdinalIgnoreCase))
            return new InclusionCheck(InclusionStatus.Reorged, null, 0, RequiredConfirmations);
        return Depth(seenIn, head);
    }

    /// <summary>
    /// A transaction followed by its receipt (the trade lifecycle's view). A receipt whose block is not canonical (a
    /// lagging node's answer) counts as no receipt. A transaction found in a different block than before has moved:
    /// the result names the new block and counts confirmations from it.
    /// </summary>
    /// <param name="seenIn">Where it was last seen included, or null if never.</param>
    /// <param name="receiptBlock">The block its receipt names now, or null when there is no receipt.</param>
    /// <param name="canonicalHashAtReceiptHeight">The canonical hash at <c>receiptBlock.Number</c>; ignored without a receipt.</param>
    public InclusionCheck CheckReceipt(BlockRef? seenIn, BlockRef? receiptBlock, ulong head, string? canonicalHashAtReceiptHeight)
    {
        var included = receiptBlock is { } block
                       && head >= block.Number
                       && string.Equals(canonicalHashAtReceiptHeight, block.Hash, StringComparison.OrdinalIgnoreCase);
        if (!included)
            return new InclusionCheck(seenIn is null ? InclusionStatus.NotIncluded : InclusionStatus.Reorged, null, 0, RequiredConfirmations);
        return Depth(receiptBlock!.Value, head);
    }

    private InclusionCheck Depth(BlockRef block, ulong head)
    {
        var confirmations = head - block.Number + 1;
        return new InclusionCheck(confirmations >= (ulong)RequiredConfirmations ? InclusionStatus.Final : InclusionStatus.Included,
            block, confirmations, RequiredConfirmations);
    }
}
