namespace ChainTrader.Core.Risk;

/// <summary>A PnL breaker's state: the measured loss (percent, positive = loss) against the limit that trips it.</summary>
public sealed record BreakerState(string Name, decimal LossPercent, decimal LimitPercent)
{
    public bool Tripped => LossPercent >= LimitPercent;
}
