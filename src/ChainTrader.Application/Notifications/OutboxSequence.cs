namespace ChainTrader.Application.Notifications;

/// <summary>
/// Orders messages within a chat: the enqueue time in ticks, nudged up so one process never hands out the same or a
/// smaller number twice. Messages one caller enqueues keep their order; enqueues racing on different instances are
/// ordered by their clocks, which is all "in order" can mean for them.
/// </summary>
public sealed class OutboxSequence
{
    private long _last;

    public long Next(DateTimeOffset now)
    {
        while (true)
        {
            var last = Interlocked.Read(ref _last);
            var next = Math.Max(now.UtcTicks, last + 1);
            if (Interlocked.CompareExchange(ref _last, next, last) == last) return next;
        }
    }
}
