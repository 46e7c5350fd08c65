using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace ChainTrader.Tests.Infrastructure;

/// <summary>
/// A helper process that announces readiness with one stdout line "READY {json}". Closing its stdin (which also happens
/// when the test host dies) makes it stop its own children and exit; disposing does that, and kills its tree only if it
/// has not exited in time.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ChildProcess(Process process) => _process = process;

    public JsonElement Ready { get; private set; }
    public bool HasExited => _process.HasExited;

    public string RecentOutput
    {
        get { lock (_log) return _log.Length <= 8000 ? _log.ToString() : _log.ToString(_log.Length - 8000, 8000); }
    }

    /// <summary>
    /// Starts the process and waits for its READY line. devnet.js picks free ports by binding and releasing them, and
    /// another test process may take one in between; a start that failed on a port in use is tried again (it picks
    /// new ports each time).
    /// </summary>
    public static async Task<ChildProcess> StartAsync(string fileName, IEnumerable<string> args, string workingDirectory,
        TimeSpan readyTimeout, IDictionary<string, string>? environment = null)
    {
        const int attempts = 3;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(fileName, args, workingDirectory, readyTimeout, environment);
            }
            catch (InvalidOperationException ex) when (attempt < attempts && ex.Message.Contains("EADDRINUSE", StringComparison.Ordinal))
            {
                // Taken between the pick and the listen: try again with fresh ports.
            }
        }
    }

    private static async Task<ChildProcess> StartOnceAsync(string fileName, IEnumerable<string> args, string workingDirectory,
        TimeSpan readyTimeout, IDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var child = new ChildProcess(process);
        var ready = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) { ready.TrySetException(new InvalidOperationException($"{fileName} closed its output before it was ready:\n{child.RecentOutput}")); return; }
            child.Append(e.Data);
            if (e.Data.StartsWith("READY ", StringComparison.Ordinal))
                ready.TrySetResult(JsonDocument.Parse(e.Data["READY ".Length..]).RootElement.Clone());
        };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) child.Append(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            child.Ready = await ready.Task.WaitAsync(readyTimeout);
            return child;
        }
        catch (Exception ex)
        {
            await child.DisposeAsync();
            throw new InvalidOperationException($"{fileName} {string.Join(' ', args)} did not become ready: {ex.Message}\n{child.RecentOutput}", ex);
        }
    }

    private void Append(string line)
    {
        lock (_log) _log.AppendLine(line);
    }

    /// <summary>devnet.js gives its children 5 s to end on SIGTERM before it kills them.</summary>
    private static readonly TimeSpan GracefulStop = TimeSpan.FromSeconds(10);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                // Killing the tree is only the fallback: it SIGSTOPs each process before killing it, so a test host that
                // ends in between leaves stopped, orphaned Hardhat and Azurite processes behind that nothing ever ends.
                _process.StandardInput.Close();
                if (!await ExitsWithinAsync(GracefulStop))
                {
                    _process.Kill(entireProcessTree: true);
                    await ExitsWithinAsync(TimeSpan.FromSeconds(10));
                }
            }
        }
        catch (InvalidOperationException) { /* already gone */ }
        catch (IOException) { /* its stdin was already closed: it is exiting */ }
        _process.Dispose();
    }

    private async Task<bool> ExitsWithinAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }
}
