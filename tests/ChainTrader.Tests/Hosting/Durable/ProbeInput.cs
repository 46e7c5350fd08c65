namespace ChainTrader.Tests.Hosting.Durable;

/// <summary>Input of the probe orchestration: how long its durable timer is and how many pings it serves.</summary>
public sealed record ProbeInput(double TimerSeconds, int Pings = 0);
