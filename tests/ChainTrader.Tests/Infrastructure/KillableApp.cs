using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Infrastructure;

/// <summary>
/// The built function app as its own process (standalone, on a free loopback port) with its webhook set on the Telegram
/// stand-in, so a test can SIGKILL it (no shutdown code runs, whatever it was doing stays half done) and start it again
/// over the same storage, chain and chat. The test sees it only through its HTTP surface, so it does not care how the
/// app drives its work inside.
/// </summary>
public sealed class KillableApp : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);

    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly TelegramStandIn _standIn;
    private readonly ITestOutputHelper? _output;
    private Process? _process;

    private KillableApp(IReadOnlyDictionary<string, string?> settings, TelegramStandIn standIn, ITestOutputHelper? output)
    {
        _settings = settings;
        _standIn = standIn;
        _output = output;
    }

    /// <summary>How many times the app was started (the first start included).</summary>
    public int Starts { get; private set; }

    /// <summary>Starts the app and waits until its /readyz says it is ready and the stand-in delivers updates to it.</summary>
    public static async Task<KillableApp> StartAsync(IReadOnlyDictionary<string, string?> settings, TelegramStandIn standIn, ITestOutputHelper? output)
    {
        var app = new KillableApp(settings, standIn, output);
        await app.StartAsync();
        return app;
    }

    /// <summary>SIGKILL, then waits for the process to be gone.</summary>
    public async Task KillAsync()
    {
        if (_process is null) return;
        // Process.Kill sends SIGKILL on Unix: the app gets no chance to finish or clean up anything.
        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <summary>Starts a new process over the same settings (the same Azurite, chain and chat); the previous one must be dead.</summary>
    public async Task RestartAsync()
    {
        if (_process is not null) throw new InvalidOperationException("The app is still running; kill it first.");
        await StartAsync();
    }

    /// <summary>
    /// Starts the app on a free port. The port is free when picked, but another test process can take it before the app
    /// binds it (seen on a loaded CI machine): an app that exits for that is started again on another port, up to three times.
    /// </summary>
    private async Task StartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartOnFreePortAsync();
                return;
            }
            catch (PortTakenException) when (attempt < 3)
            {
                Log($"the port was taken before the app bound it; starting again on another (attempt {attempt + 1})");
            }
        }
    }

    private async Task StartOnFreePortAsync()
    {
        var port = AppHost.FreePort();
        var dll = Path.Combine(RepoPaths.Root, "src", "ChainTrader.Functions", "bin", "Debug", "net10.0", "ChainTrader.Functions.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "--urls", $"http://127.0.0.1:{port}" }) start.ArgumentList.Add(arg);
        foreach (var (key, value) in _settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        start.Environment["LOCAL_SETTINGS_PATH"] = Path.Combine(Path.GetTempPath(), "chaintrader-tests-no-local-settings.json");
        // Warnings and errors, one line each, so a test's output says what the app went through between kills.
        start.Environment.TryAdd("Logging__LogLevel__Default", "Warning");
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        var process = Process.Start(start)!;
        var generation = ++Starts;
        var portTaken = false;
        void OnLine(string? line)
        {
            if (line is null) return;
            if (line.Contains("address already in use", StringComparison.OrdinalIgnoreCase)) Volatile.Write(ref portTaken, true);
            Log($"app#{generation}: {line}");
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var app = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { BaseAddress = app, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            await Until.TrueAsync(async () =>
            {
                if (process.HasExited)
                {
                    // Its last lines may still be on their way: wait for the streams before judging why it exited.
                    await process.WaitForExitAsync();
                    if (Volatile.Read(ref portTaken)) throw new PortTakenException(port);
                    throw new InvalidOperationException($"the app exited with {process.ExitCode}");
                }
                try { return (await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK; }
                catch (HttpRequestException) { return false; }
                catch (TaskCanceledException) { return false; }
            }, ReadyTimeout, "the app's /readyz");
            using var setWebhook = await http.PostAsJsonAsync(_standIn.BaseUrl.AbsoluteUri.TrimEnd('/') + $"/bot{_standIn.Token}/setWebhook",
                new Dictionary<string, string> { ["url"] = new Uri(app, "/telegram/webhook").AbsoluteUri, ["secret_token"] = AppHost.WebhookSecret });
            setWebhook.EnsureSuccessStatusCode();
        }
        catch
        {
            await KillAsync();
            throw;
        }
    }

    private sealed class PortTakenException(int port) : Exception($"port {port} was taken before the app bound it");

    private void Log(string line)
    {
        // The test's output helper refuses writes once the test is over; a dying process may still flush a line then.
        try { _output?.WriteLine(line); }
        catch (InvalidOperationException) { }
    }

    public async ValueTask DisposeAsync() => await KillAsync();
}
