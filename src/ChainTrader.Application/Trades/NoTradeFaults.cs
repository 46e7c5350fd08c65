namespace ChainTrader.Application.Trades;

public sealed class NoTradeFaults : ITradeFaultInjector
{
    public void Check(string point, string subject)
    {
    }
}
