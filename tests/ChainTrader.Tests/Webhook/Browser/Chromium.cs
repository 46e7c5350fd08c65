using System.Diagnostics;

namespace ChainTrader.Tests.Webhook.Browser;

/// <summary>
/// Debian's chromium, headless, for browser tests. Installed on demand (CI images have no browser): if
/// /usr/bin/chromium is missing, `apt-get update &amp;&amp; apt-get install -y chromium` runs once per machine, whichever
/// test process gets there first.
/// The DevTools port is chosen by Chromium (--remote-debugging-port=0) and read from DevToolsActivePort.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    private readonly Process _process;
    private readonly DirectoryInfo _profile;

    private Chromium(Process process, DirectoryInfo profile, Uri webSocket)
    {
        _process = process;
        _profile = profile;
        WebSocketUrl = webSocket;
    }

    /// <summary>The browser-level DevTools WebSocket (ws://127.0.0.1:PORT/devtools/browser/ID).</summary>
    public Uri WebSocketUrl { get; }

    public static async Task<Chromium> LaunchAsync(CancellationToken cancellationToken)
    {
        await EnsureInstalledAsync(cancellationToken);
        var profile = Directory.CreateTempSubdirectory("chaintrader-chromium-");
        var start = new ProcessStartInfo(Executable) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", $"--user-data-dir={profile.FullName}", "--remote-debugging-address=127.0.0.1",
                     "--remote-debugging-port=0", "--window-size=1000,800", "about:blank",
                 })
            start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Executable}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        // Line 1: the port; line 2: the browser target's path.
        var portFile = Path.Combine(profile.FullName, "DevToolsActivePort");
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            if (File.Exists(portFile) && (await File.ReadAllLinesAsync(portFile, cancellationToken)) is [var port, var path, ..] && path.Length > 0)
                return new Chromium(process, profile, new Uri($"ws://127.0.0.1:{port}{path}"));
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                profile.Delete(recursive: true);
                throw new InvalidOperationException($"Chromium did not write {portFile} (exited: {process.HasExited}).");
            }
            await Task.Delay(50, cancellationToken);
        }
    }

    private static async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(Executable)) return;
        await InstallLock.WaitAsync(cancellationToken);
        try
        {
            // The test projects run side by side, each in its own process, and apt-get refuses a second apt-get: the
            // processes take turns through a lock file, and the later ones find chromium installed.
            await using var machineWide = await MachineWideInstallLockAsync(cancellationToken);
            if (File.Exists(Executable)) return;
            await RunAsync("apt-get", ["update"], cancellationToken);
            await RunAsync("apt-get", ["install", "-y", "chromium"], cancellationToken);
            if (!File.Exists(Executable)) throw new InvalidOperationException($"apt-get installed chromium but {Executable} is missing.");
        }
        finally
        {
            InstallLock.Release();
        }
    }

    /// <summary>An exclusive hold on a lock file (an advisory lock on Linux, which ends with the process however it ends).</summary>
    private static async Task<FileStream> MachineWideInstallLockAsync(CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), "chaintrader-chromium-install.lock");
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(15);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                // Another test process holds it while it installs.
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
        }
    }

    private static async Task RunAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["DEBIAN_FRONTEND"] = "noninteractive";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(10), cancellationToken);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await output}\n{await errors}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { _profile.Delete(recursive: true); } catch (IOException) { /* a crash dump may still be closing */ }
    }
}
