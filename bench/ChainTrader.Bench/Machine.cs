namespace ChainTrader.Bench;

/// <summary>What the benchmarks print about the machine they ran on: figures mean little without its load.</summary>
internal static class Machine
{
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
