using ChainTrader.Tests.Infrastructure;

namespace ChainTrader.Tests.Watching;

/// <summary>What the watcher told each user, read from the dedupe keys notified:{tx}:{user}:{type}.</summary>
public static class WatcherNotices
{
    /// <summary>The delivered notice types ("seen", "final", "removed1", ...) for one user, in order.</summary>
    public static IReadOnlyList<(string Tx, string Type)> Notices(this RecordingNotifier notifier, long userId) => notifier.Delivered
        .Select(m => m.DedupeKey.Split(':'))
        .Where(p => p.Length == 4 && p[0] == "notified" && p[2] == userId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Select(p => (p[1], p[3])).ToList();
}
