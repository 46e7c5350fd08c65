using ChainTrader.Core.Watching;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Watching;

/// <summary>
/// The watcher's commands behind one per-user budget (WATCH_COMMANDS_PER_MINUTE; they are open to strangers). The budget is
/// per instance: N scaled-out instances allow up to N times as many.
/// </summary>
public sealed class WatcherCommands
{
    public static readonly IReadOnlyList<string> Names = ["watch", "unwatch", "watches", "tx"];

    private readonly WatchCommands _watches;
    private readonly TxLookup _tx;
    private readonly TimeProvider _clock;
    private readonly UserCommandBudget _budget;

    public WatcherCommands(WatchCommands watches, TxLookup tx, IOptions<WatcherOptions> options, TimeProvider clock)
    {
        _watches = watches;
        _tx = tx;
        _clock = clock;
        _budget = new UserCommandBudget(options.Value.CommandsPerMinute, TimeSpan.FromMinutes(1));
    }

    /// <param name="command">One of <see cref="Names"/>, without the slash.</param>
    public Task<string> HandleAsync(string command, long userId, long chatId, IReadOnlyList<string> args, CancellationToken ct)
    {
        if (!Names.Contains(command))
            throw new ArgumentException($"/{command} is not a watcher command; those are {string.Join(", ", Names.Select(n => "/" + n))}.", nameof(command));
        if (!_budget.TryTake(userId, _clock.GetUtcNow(), out var retryAfter))
            return Task.FromResult($"Too many commands: at most {_budget.CommandsPerWindow} a minute. Try again in {Math.Ceiling(retryAfter.TotalSeconds):0} s.");
        return command switch
        {
            "watch" => _watches.WatchAsync(userId, chatId, args, ct),
            "unwatch" => _watches.UnwatchAsync(userId, chatId, args, ct),
            "watches" => _watches.ListAsync(userId, chatId, args, ct),
            _ => _tx.HandleAsync(userId, chatId, args, ct),
        };
    }
}
