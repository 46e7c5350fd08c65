namespace ChainTrader.Application.Trades;

/// <summary>
/// Named points between "about to sign" and "receipt seen" where a crash is most dangerous. Production uses
/// <see cref="NoTradeFaults"/>; crash tests inject one that fails the process at a chosen point and then restart.
/// </summary>
public interface ITradeFaultInjector
{
    /// <summary>Called at <paramref name="point"/> while working on <paramref name="subject"/> (a trade id or signing key); throws to simulate a crash.</summary>
    void Check(string point, string subject);
}
