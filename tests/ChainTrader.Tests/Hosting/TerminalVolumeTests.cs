using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Application.Commands;
using ChainTrader.Tests.Contracts;
using ChainTrader.Tests.Infrastructure;
using ChainTrader.Tests.Trades;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Hosting;

/// <summary>
/// What ./run.sh shows in the terminal: the built app as its own process, its JSON console log piped (as run.sh does)
/// through scripts/terminal-filter.js, over a short session with one LIVE trade from quote to Final. The terminal must
/// stay far below 1 MB for a 20-minute session with a few trades: it shows one line per trade state change and nothing
/// of a quiet app's routine work.
/// </summary>
[Collection(DevnetCollection.Name)]
public class TerminalVolumeTests(ITestOutputHelper output)
{
    private const int TradesPerSession = 5;
    private static readonly TimeSpan Session = TimeSpan.FromMinutes(20);

    [Fact]
    public async Task TheTerminalShowsOneLinePerTradeStateChangeAndStaysFarBelow1MbIn20Minutes()
    {
        var chain = await DevnetChain.ConnectAsync();
        await chain.InSnapshotAsync(async () =>
        {
            await TradingStack.RefreshFeedsAsync(chain);
            await using var azurite = await AzuriteServer.StartAsync();
            await using var standIn = await TelegramStandIn.StartAsync(webhookSecret: null);
            var settings = TradingStack.SettingsFor(chain, azurite, standIn, null);
            // As run.sh runs it: the app's own logging configuration, nothing turned down for the test.
            var (app, filter, log, terminal) = await StartAsync(settings, standIn);
            var started = Stopwatch.StartNew();
            try
            {
                var id = TradeCommandsHandler.TradeIdOf((await standIn.SendUserMessageAsync(TradingStack.Trader, TradingStack.Trader, "/buy 300 ETH", wait: true)).UpdateId);
                var quote = await WaitForAsync(async () => (await standIn.BotMessagesAsync(TradingStack.Trader)).FirstOrDefault(m => m.Text.Contains(id) && m.Buttons.Count > 0),
                    TimeSpan.FromSeconds(90), $"the quote of {id}", chain);
                var confirm = quote.Buttons.SelectMany(r => r).Select(b => b.CallbackData).First(d => d!.StartsWith("tc:", StringComparison.Ordinal))!;
                await standIn.PressButtonAsync(TradingStack.Trader, TradingStack.Trader, quote.MessageId, confirm, wait: true);
                await WaitForAsync(() => Task.FromResult(terminal.Lines.Any(l => l.Contains($"Trade {id}:") && l.Contains("Final")) ? "" : null),
                    TimeSpan.FromSeconds(120), $"{id}'s Final line in the terminal", chain, mine: true);
            }
            finally
            {
                app.Kill();
                await app.WaitForExitAsync();
                filter.StandardInput.Close();
                await filter.WaitForExitAsync();
            }
            var elapsed = started.Elapsed;

            var tradeLines = terminal.Lines.Where(l => l.Contains("Trade t", StringComparison.Ordinal)).ToList();
            var otherBytes = terminal.Lines.Except(tradeLines).Sum(l => Encoding.UTF8.GetByteCount(l) + 1);
            var tradeBytes = tradeLines.Sum(l => Encoding.UTF8.GetByteCount(l) + 1);
            // The session's routine lines scale with time, the trade lines with trades.
            var projected = otherBytes * (Session / elapsed) + tradeBytes * TradesPerSession;
            output.WriteLine($"session {elapsed.TotalSeconds:0} s: app log {log.Bytes:N0} bytes ({log.Lines.Count} lines), terminal {terminal.Bytes:N0} bytes " +
                             $"({terminal.Lines.Count} lines, {tradeLines.Count} trade lines); projected terminal for 20 min with {TradesPerSession} trades: {projected:N0} bytes");
            foreach (var line in terminal.Lines) output.WriteLine("terminal: " + line);

            // Requested → Checking → Awaiting Confirm → Confirmed → Submitted → Included → Final: one line each, no more.
            Assert.InRange(tradeLines.Count, 4, 8);
            Assert.All(tradeLines, l => Assert.True(l.Length < 320, l));
            Assert.True(projected < 1_000_000, $"projected {projected:N0} bytes");
            Assert.True(terminal.Bytes * 10 < log.Bytes, $"the terminal ({terminal.Bytes} bytes) should be a small part of the full log ({log.Bytes} bytes)");
        });
    }

    /// <summary>The built app, its stdout fed line by line to the terminal filter (both captured), its webhook set on the stand-in.</summary>
    private async Task<(Process App, Process Filter, Captured Log, Captured Terminal)> StartAsync(Dictionary<string, string?> settings, TelegramStandIn standIn)
    {
        var log = new Captured();
        var terminal = new Captured();
        var filterStart = new ProcessStartInfo("node") { WorkingDirectory = RepoPaths.Root, RedirectStandardInput = true, RedirectStandardOutput = true };
        filterStart.ArgumentList.Add(Path.Combine(RepoPaths.Root, "scripts", "terminal-filter.js"));
        var filter = Process.Start(filterStart)!;
        filter.OutputDataReceived += (_, e) => { if (e.Data is not null) terminal.Add(e.Data); };
        filter.BeginOutputReadLine();

        var port = AppHost.FreePort();
        var dll = Path.Combine(RepoPaths.Root, "src", "ChainTrader.Functions", "bin", "Debug", "net10.0", "ChainTrader.Functions.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { dll, "--urls", $"http://127.0.0.1:{port}" }) start.ArgumentList.Add(arg);
        foreach (var (key, value) in settings) start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        start.Environment["LOCAL_SETTINGS_PATH"] = Path.Combine(Path.GetTempPath(), "chaintrader-tests-no-local-settings.json");
        var app = Process.Start(start)!;
        var forward = new object();
        void Forward(string? line)
        {
            if (line is null) return;
            log.Add(line);
            lock (forward)
            {
                try { filter.StandardInput.WriteLine(line); }
                catch (IOException) { /* the filter has been closed at the end of the session */ }
                catch (InvalidOperationException) { }
            }
        }
        app.OutputDataReceived += (_, e) => Forward(e.Data);
        app.ErrorDataReceived += (_, e) => Forward(e.Data);
        app.BeginOutputReadLine();
        app.BeginErrorReadLine();

        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(10) };
        try
        {
            var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(90);
            while (true)
            {
                if (app.HasExited) throw new InvalidOperationException($"the app exited with {app.ExitCode}:\n{string.Join('\n', log.Lines.TakeLast(20))}");
                try
                {
                    if ((await http.GetAsync("/readyz")).StatusCode == HttpStatusCode.OK) break;
                }
                catch (HttpRequestException) { }
                if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException("the app's /readyz");
                await Task.Delay(200);
            }
            using var setWebhook = await http.PostAsJsonAsync(standIn.BaseUrl.AbsoluteUri.TrimEnd('/') + $"/bot{standIn.Token}/setWebhook",
                new Dictionary<string, string> { ["url"] = new Uri(baseUri, "/telegram/webhook").AbsoluteUri, ["secret_token"] = AppHost.WebhookSecret });
            setWebhook.EnsureSuccessStatusCode();
            return (app, filter, log, terminal);
        }
        catch
        {
            app.Kill();
            filter.Kill();
            throw;
        }
    }

    private async Task<T> WaitForAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what, DevnetChain chain, bool mine = false) where T : class
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            if (await probe() is { } found) return found;
            if (DateTimeOffset.UtcNow > deadline) throw new TimeoutException($"Waited {timeout.TotalSeconds:0} s for {what}.");
            // Confirmations need blocks; the devnet mines only when asked.
            if (mine) await chain.Rpc.CallAsync(RpcCalls.Raw("evm_mine"));
            await Task.Delay(300);
        }
    }

    /// <summary>Lines of one stream and their size in bytes (UTF-8, with the newline).</summary>
    private sealed class Captured
    {
        private readonly List<string> _lines = [];
        private long _bytes;

        public void Add(string line)
        {
            lock (_lines)
            {
                _lines.Add(line);
                _bytes += Encoding.UTF8.GetByteCount(line) + 1;
            }
        }

        public IReadOnlyList<string> Lines { get { lock (_lines) return _lines.ToList(); } }

        public long Bytes { get { lock (_lines) return _bytes; } }
    }
}
