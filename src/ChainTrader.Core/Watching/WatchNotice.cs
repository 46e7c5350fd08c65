namespace ChainTrader.Core.Watching;

/// <summary>
/// One message owed to one user about one transaction. <see cref="Ordinal"/> counts removals, so a transaction that leaves
/// and returns twice gets "removed1", "back1", "removed2", "back2": each fact is said once, however often a scan repeats.
/// </summary>
public sealed record WatchNotice(WatchNoticeKind Kind, int Ordinal)
{
    public string Type => Kind switch
    {
        WatchNoticeKind.Seen => "seen",
        WatchNoticeKind.Final => "final",
        WatchNoticeKind.Removed => $"removed{Ordinal}",
        WatchNoticeKind.Back => $"back{Ordinal}",
        _ => throw new InvalidOperationException($"Unknown notice kind {Kind}."),
    };

    /// <summary>docs/architecture.md rule 2: the notification's effect key, derived from its cause.</summary>
    public string DedupeKey(string transactionHash, long userId) => $"notified:{transactionHash.ToLowerInvariant()}:{userId}:{Type}";
}
