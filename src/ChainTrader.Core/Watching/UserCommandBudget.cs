namespace ChainTrader.Core.Watching;

/// <summary>
/// A per-user allowance of commands per fixed window (for commands open to strangers). Thread-safe; time is passed in.
/// Windows of users who went quiet are forgotten once the table grows, so memory stays bounded by active users.
/// </summary>
public sealed class UserCommandBudget
{
    private const int PruneThreshold = 10_000;
    private readonly Dictionary<long, (DateTimeOffset Start, int Used)> _windows = [];
    private readonly object _gate = new();

    public UserCommandBudget(int commandsPerWindow, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(commandsPerWindow, 1);
        if (window <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(window), window, "The window must be positive.");
        CommandsPerWindow = commandsPerWindow;
        Window = window;
    }

    public int CommandsPerWindow { get; }
    public TimeSpan Window { get; }

    /// <summary>True when the user may run one more command now; otherwise how long until the next window opens.</summary>
    public bool TryTake(long userId, DateTimeOffset now, out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            if (_windows.Count > PruneThreshold)
            {
                foreach (var stale in _windows.Where(w => now - w.Value.Start >= Window).Select(w => w.Key).ToList())
                    _windows.Remove(stale);
            }
            var (start, used) = _windows.TryGetValue(userId, out var window) && now - window.Start < Window ? window : (now, 0);
            if (used >= CommandsPerWindow)
            {
                retryAfter = start + Window - now;
                return false;
            }
            _windows[userId] = (start, used + 1);
            retryAfter = TimeSpan.Zero;
            return true;
        }
    }
}
