using ChainTrader.Application.Notifications;
using ChainTrader.Application.Watching;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ChainTrader.Tests.Watching;

/// <summary>
/// The real app (custom-handler mode: no timers of its own) on Azurite and the devnet, with tables of its own and a
/// recording notifier; tests drive scans directly and restart the app over the same tables.
/// </summary>
public sealed class WatcherHarness : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private readonly TimeProvider? _clock;

    private WatcherHarness(AppHost app, Dictionary<string, string?> settings, WatcherTableNames tables, RecordingNotifier notifier, TimeProvider? clock)
    {
        App = app;
        _settings = settings;
        Tables = tables;
        Notifier = notifier;
        _clock = clock;
    }

    public AppHost App { get; private set; }
    public WatcherTableNames Tables { get; }
    public RecordingNotifier Notifier { get; }
    public ChainScanner Scanner => App.Services.GetRequiredService<ChainScanner>();
    public WatcherCommands Commands => App.Services.GetRequiredService<WatcherCommands>();
    public WatchStore Watches => App.Services.GetRequiredService<WatchStore>();

    public static async Task<WatcherHarness> StartAsync(IDictionary<string, string?>? overrides = null, TimeProvider? clock = null, bool devnet = true)
    {
        var azurite = await LocalStack.AzuriteAsync();
        var settings = AppHost.BaseSettings();
        settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        if (devnet) settings["DEVNET_MANIFEST"] = (await LocalStack.DevnetAsync()).ManifestPath;
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>()) settings[key] = value;
        var id = Guid.NewGuid().ToString("N")[..10];
        var tables = new WatcherTableNames($"W{id}", $"T{id}", $"C{id}");
        var notifier = new RecordingNotifier();
        return new WatcherHarness(await StartAppAsync(settings, tables, notifier, clock), settings, tables, notifier, clock);
    }

    /// <summary>Stops the app and starts a new one (a new process identity) over the same tables and notifier.</summary>
    public async Task RestartAsync()
    {
        await App.DisposeAsync();
        App = await StartAppAsync(_settings, Tables, Notifier, _clock);
    }

    /// <summary>A second instance sharing the tables (as a scaled-out deployment would), with its own notifier.</summary>
    public Task<AppHost> StartSecondInstanceAsync(INotifier notifier) => StartAppAsync(_settings, Tables, notifier, _clock);

    /// <summary>Scans until the scanner reports nothing new; returns every result.</summary>
    public async Task<IReadOnlyList<ScanResult>> ScanUntilIdleAsync(ChainScanner? scanner = null)
    {
        scanner ??= Scanner;
        var results = new List<ScanResult>();
        for (var i = 0; i < 100; i++)
        {
            var result = await scanner.ScanAsync("devnet", CancellationToken.None);
            results.Add(result);
            if (result.Outcome is not (ScanOutcome.Scanned or ScanOutcome.Inconsistent)) return results;
        }
        throw new InvalidOperationException($"The scanner did not catch up in 100 scans; the last: {string.Join("; ", results.TakeLast(3))}");
    }

    public Task<string> RunAsync(string command, long userId, params string[] args) =>
        Commands.HandleAsync(command, userId, userId, args, CancellationToken.None);

    private static Task<AppHost> StartAppAsync(Dictionary<string, string?> settings, WatcherTableNames tables, INotifier notifier, TimeProvider? clock) =>
        AppHost.StartAsync(settings, ownTimers: false, services: s =>
        {
            s.AddSingleton(tables);
            s.AddSingleton(notifier);
            if (clock is not null) s.AddSingleton(clock);
        });

    public ValueTask DisposeAsync() => App.DisposeAsync();
}
