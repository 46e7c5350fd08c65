namespace ChainTrader.Application.Trades;

/// <summary>Thrown by a fault injector: the process is to be treated as dead from here on.</summary>
public sealed class InjectedCrashException(string point, string subject) : Exception($"Injected crash at {point} ({subject}).")
{
    public string Point { get; } = point;
}
