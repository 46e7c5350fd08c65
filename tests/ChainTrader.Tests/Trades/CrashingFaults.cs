using ChainTrader.Application.Trades;

namespace ChainTrader.Tests.Trades;

/// <summary>
/// A fault injector for crash tests: armed with a point and a trade, it throws there (on the first pass) and from then on
/// throws at every point, as a dead process would do nothing more; the test then restarts the app.
/// </summary>
public sealed class CrashingFaults : ITradeFaultInjector
{
    private readonly TaskCompletionSource<string> _fired = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private string? _point;
    private string? _tradeId;
    private volatile bool _dead;

    public Task<string> Fired => _fired.Task;

    public void Arm(string point, string tradeId)
    {
        _point = point;
        _tradeId = tradeId;
    }

    public void Check(string point, string subject)
    {
        if (_dead) throw new InjectedCrashException(point, subject);
        if (point != _point || _tradeId is null || !subject.Contains(_tradeId, StringComparison.Ordinal)) return;
        _dead = true;
        _fired.TrySetResult(point);
        throw new InjectedCrashException(point, subject);
    }
}
