using System.Text.Json.Serialization;

namespace ChainTrader.Functions.Hosting;

/// <summary>The TimerInfo object the Functions host passes to timer triggers.</summary>
public sealed record TimerInfo(TimerScheduleInfo Schedule, TimerScheduleStatus ScheduleStatus, bool IsPastDue);

[JsonSerializable(typeof(TimerInfo))]
[JsonSerializable(typeof(SysMetadataInfo))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(string))]
internal sealed partial class HostingJson : JsonSerializerContext;
