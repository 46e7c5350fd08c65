using ChainTrader.Core.Chains;

namespace ChainTrader.Core.Watching;

/// <summary>
/// What one user is told about one transaction, as the chain changes under it. The rules:
/// <list type="bullet">
/// <item>found in a canonical block for the first time: "seen" (with its confirmations so far);</item>
/// <item>at the confirmation depth: "final", and the transaction is no longer followed (deeper reorgs are out of model);</item>
/// <item>its block no longer canonical: "removed" (a correction), unless the same scan found it in another block, in which
/// case it has simply moved: nothing is said, confirmations count from the new block;</item>
/// <item>found again after a removal: "back in the chain" once, then "final" as usual; never a second "seen";</item>
/// <item>a removed transaction not back within <see cref="RemovedRetention"/> is forgotten silently.</item>
/// </list>
/// </summary>
public static class WatchedTransactionLifecycle
{
    /// <summary>As long as dedupe keys are kept (7 days): a transaction returning later than this would be "seen" again.</summary>
    public static readonly TimeSpan RemovedRetention = TimeSpan.FromDays(7);

    /// <summary>The transaction was found in canonical block <paramref name="block"/>.</summary>
    public static (WatchedTransactionState State, WatchNotice? Notice) Found(WatchedTransactionState? current, BlockRef block)
    {
        if (current is null)
            return (new WatchedTransactionState(block, true, 0, null), new WatchNotice(WatchNoticeKind.Seen, 0));
        if (current.InChain)
            return (current with { Block = block }, null);
        return (new WatchedTransactionState(block, true, current.Removals, null), new WatchNotice(WatchNoticeKind.Back, current.Removals));
    }

    /// <summary>
    /// The confirmation check of a followed transaction. Returns null as the state when there is nothing more to follow.
    /// </summary>
    public static (WatchedTransactionState? State, WatchNotice? Notice) Checked(WatchedTransactionState current, InclusionCheck check, DateTimeOffset now)
    {
        if (!current.InChain)
            return (now - current.RemovedAt >= RemovedRetention ? null : current, null);
        return check.Status switch
        {
            InclusionStatus.Final => (null, new WatchNotice(WatchNoticeKind.Final, current.Removals)),
            InclusionStatus.Reorged => (current with { InChain = false, Removals = current.Removals + 1, RemovedAt = now },
                new WatchNotice(WatchNoticeKind.Removed, current.Removals + 1)),
            InclusionStatus.Included => (current, null),
            _ => throw new ArgumentException($"A followed transaction cannot be {check.Status}.", nameof(check)),
        };
    }
}
