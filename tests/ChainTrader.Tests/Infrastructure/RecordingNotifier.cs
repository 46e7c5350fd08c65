using System.Collections.Concurrent;
using ChainTrader.Core.Telegram;
using ChainTrader.Application.Notifications;

namespace ChainTrader.Tests.Infrastructure;

/// <summary>
/// An <see cref="INotifier"/> that records what would have been stored in the outbox, and can fail on purpose:
/// <see cref="FailNext"/> / the constructor's count make the next enqueues throw (an outbox outage, or a crash
/// after the other effects), <see cref="CrashAfter"/> lets N more through and then fails every call (a process
/// that died mid-way).
/// </summary>
public sealed class RecordingNotifier(int failFirst = 0) : INotifier
{
    private readonly ConcurrentQueue<OutboundMessage> _messages = new();
    private int _failuresLeft = failFirst;
    private int _acceptBeforeCrash = int.MaxValue;

    /// <summary>Every accepted message, in enqueue order (repeats of a dedupe key included).</summary>
    public IReadOnlyList<OutboundMessage> Messages => [.. _messages];

    /// <summary>First message per dedupe key, in enqueue order: what the outbox would deliver.</summary>
    public IReadOnlyList<OutboundMessage> Delivered => [.. _messages.DistinctBy(m => m.DedupeKey)];

    /// <summary>Forgets what was recorded so far (a test's next phase starts from nothing).</summary>
    public void Clear() => _messages.Clear();

    /// <summary>When set, the next enqueue throws once.</summary>
    public bool FailNext { set => Volatile.Write(ref _failuresLeft, value ? 1 : 0); }

    public int CrashAfter { set => Volatile.Write(ref _acceptBeforeCrash, value); }

    public Task EnqueueAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        if (Interlocked.Decrement(ref _acceptBeforeCrash) < 0) throw new SimulatedCrashException();
        if (Interlocked.Decrement(ref _failuresLeft) >= 0) throw new IOException("simulated outbox failure");
        _messages.Enqueue(message);
        return Task.CompletedTask;
    }
}
