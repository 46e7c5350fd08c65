namespace ChainTrader.Functions.Hosting;
public sealed record TimerScheduleInfo(bool AdjustForDST);
