using System.Collections.Concurrent;
using ChainTrader.Core.Telegram;
using ChainTrader.Functions.Notifications;

namespace ChainTrader.Tests.Watching;

/// <summary>
/// An <see cref="INotifier"/> test double that keeps every call, and what the outbox would deliver: each dedupe key once
/// (the outbox's insert-if-absent). <see cref="CrashAfter"/> makes the next calls throw, as if the process died there.
/// </summary>
public sealed class RecordingNotifier : INotifier
{
    private readonly ConcurrentQueue<OutboundMessage> _calls = new();
    private int _crashAfter = int.MaxValue;

    public IReadOnlyList<OutboundMessage> Calls => _calls.ToList();

    /// <summary>First message per dedupe key, in enqueue order.</summary>
    public IReadOnlyList<OutboundMessage> Delivered => _calls.DistinctBy(m => m.DedupeKey).ToList();

    public int CrashAfter { set => _crashAfter = value; }

    /// <summary>The delivered notice types ("seen", "final", "removed1", ...) for one user, in order; keys are notified:{tx}:{user}:{type}.</summary>
    public IReadOnlyList<(string Tx, string Type)> Notices(long userId) => Delivered
        .Select(m => m.DedupeKey.Split(':'))
        .Where(p => p.Length == 4 && p[0] == "notified" && p[2] == userId.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .Select(p => (p[1], p[3])).ToList();

    public Task EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _crashAfter) < 0) throw new SimulatedCrashException();
        _calls.Enqueue(message);
        return Task.CompletedTask;
    }
}

public sealed class SimulatedCrashException() : Exception("Simulated crash while enqueueing a notification.");
