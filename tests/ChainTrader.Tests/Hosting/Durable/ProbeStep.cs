namespace ChainTrader.Tests.Hosting.Durable;

/// <summary>Input of the probe activity: which orchestration asked, and for what.</summary>
public sealed record ProbeStep(string InstanceId, string Label, bool CrashOnFirstRun = false);
