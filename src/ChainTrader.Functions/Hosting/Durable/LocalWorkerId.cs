using System.Diagnostics;
using System.Globalization;

namespace ChainTrader.Functions.Hosting.Durable;

/// <summary>
/// The standalone engine's Durable worker id: machine, process id, process start time and a per-engine nonce. It lets a
/// restarted app tell that the owner of a partition lease is a process on this machine that no longer runs (killed, so
/// it never released the lease), which a lease alone cannot say until it expires.
/// </summary>
internal sealed record LocalWorkerId(string Machine, int ProcessId, long ProcessStartUnixMs, string Nonce)
{
    /// <summary>Two readings of one process's start time may differ by the clock's rounding; a new process with the same id within a second is not a case.</summary>
    private const long StartTolerance = 1000;

    public static LocalWorkerId ForThisProcess()
    {
        using var process = Process.GetCurrentProcess();
        return new(Environment.MachineName, process.Id, StartOf(process), Guid.NewGuid().ToString("N"));
    }

    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Machine}-{ProcessId}-{ProcessStartUnixMs}-{Nonce}");

    /// <summary>Reads an id written by <see cref="ToString"/>; null for any other owner (another host's worker, a name of another shape).</summary>
    public static LocalWorkerId? TryParse(string? text)
    {
        if (string.IsNullOrEmpty(text)) return null;
        // The machine name may hold dashes: the three fixed fields are read from the end.
        var parts = text.Split('-');
        if (parts.Length < 4) return null;
        var nonce = parts[^1];
        if (nonce.Length != 32 || !nonce.All(char.IsAsciiHexDigitLower)) return null;
        if (!long.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var started)) return null;
        if (!int.TryParse(parts[^3], NumberStyles.None, CultureInfo.InvariantCulture, out var processId)) return null;
        var machine = string.Join('-', parts[..^3]);
        return machine.Length == 0 ? null : new(machine, processId, started, nonce);
    }

    /// <summary>
    /// Whether the process this id names has provably ended: it ran on <paramref name="machine"/> and no process with
    /// its id and start time runs there now. <paramref name="processStartUnixMs"/> gives a running process's start time,
    /// or null when none has that id.
    /// </summary>
    public bool HasEnded(string machine, Func<int, long?> processStartUnixMs)
    {
        if (!string.Equals(Machine, machine, StringComparison.OrdinalIgnoreCase)) return false;
        return processStartUnixMs(ProcessId) is not { } started || Math.Abs(started - ProcessStartUnixMs) > StartTolerance;
    }

    /// <summary>The start time of the running process with this id, or null when there is none.</summary>
    public static long? RunningProcessStart(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return StartOf(process);
        }
        catch (ArgumentException)
        {
            return null; // no process with this id
        }
        catch (InvalidOperationException)
        {
            return null; // it exited while being read
        }
    }

    private static long StartOf(Process process) => new DateTimeOffset(process.StartTime).ToUnixTimeMilliseconds();
}
