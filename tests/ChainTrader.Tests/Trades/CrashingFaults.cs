using ChainTrader.Functions.Trades;

namespace ChainTrader.Tests.Trades;

/// <summary>
/// A fault injector for crash tests: armed with a point and a trade, it throws there (on the n-th pass) and from then on
/// throws at every point, as a dead process would do nothing more; the test then restarts the app.
/// </summary>
public sealed class CrashingFaults : ITradeFaultInjector
{
    private readonly TaskCompletionSource<string> _fired = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _point;
    private string? _tradeId;
    private int _remaining;
    private volatile bool _dead;

    public Task<string> Fired => _fired.Task;

    public void Arm(string point, string tradeId, int occurrence = 1)
    {
        _point = point;
        _tradeId = tradeId;
        _remaining = occurrence;
    }

    public void Check(string point, string subject)
    {
        if (_dead) throw new InjectedCrashException(point, subject);
        if (point != _point || _tradeId is null || !subject.Contains(_tradeId, StringComparison.Ordinal)) return;
        if (Interlocked.Decrement(ref _remaining) > 0) return;
        _dead = true;
        _fired.TrySetResult(point);
        throw new InjectedCrashException(point, subject);
    }
}
