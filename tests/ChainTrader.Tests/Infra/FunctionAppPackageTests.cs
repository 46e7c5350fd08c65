using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using ChainTrader.Functions;
using ChainTrader.Functions.Hosting;
using ChainTrader.Tests.Infrastructure;

namespace ChainTrader.Tests.Infra;

/// <summary>
/// Runs scripts/publish-functionapp.sh and treats its zip the way Azure does: the layout the Functions host loads
/// (host.json, functions.metadata listing every function the app declares, the worker extensions), and a worker that,
/// unpacked elsewhere and started standalone, answers /healthz.
/// </summary>
public sealed class FunctionAppPackageTests
{
    private const string Worker = "ChainTrader.Functions.dll";

    [Fact]
    public async Task Published_zip_is_an_isolated_worker_function_app_that_serves_healthz()
    {
        var artifacts = Directory.CreateTempSubdirectory("functionapp-package-");
        try
        {
            var zipPath = await PublishAsync(artifacts.FullName);

            using (var zip = ZipFile.OpenRead(zipPath))
            {
                var names = zip.Entries.Select(e => e.FullName).ToHashSet();
                Assert.Contains("host.json", names);
                Assert.Contains(Worker, names);
                Assert.Contains("functions.metadata", names);
                Assert.Contains(names, n => n.StartsWith(".azurefunctions/", StringComparison.Ordinal));
            }

            var unpacked = Path.Combine(artifacts.FullName, "unpacked");
            ZipFile.ExtractToDirectory(zipPath, unpacked);
            using (var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(unpacked, "functions.metadata"))))
            {
                var declared = FunctionIndex.Discover(typeof(ChainTraderApp).Assembly).Functions.Select(f => f.Name).Order(StringComparer.Ordinal);
                Assert.Equal(declared, metadata.RootElement.EnumerateArray().Select(f => f.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
            }
            using (var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(unpacked, "host.json"))))
                Assert.False(host.RootElement.TryGetProperty("customHandler", out _), "host.json still declares a custom handler.");

            await AssertWorkerServesHealthzAsync(unpacked);
        }
        finally
        {
            artifacts.Delete(recursive: true);
        }
    }

    private static async Task<string> PublishAsync(string artifactsDir)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "scripts", "publish-functionapp.sh"));
        start.Environment["ARTIFACTS_DIR"] = artifactsDir;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(8));
        Assert.True(process.ExitCode == 0, $"publish-functionapp.sh failed ({process.ExitCode}):\n{await output}\n{await errors}");
        Assert.Contains($"function app zip:    {artifactsDir}/functionapp.zip", await output);
        return Path.Combine(artifactsDir, "functionapp.zip");
    }

    private static async Task AssertWorkerServesHealthzAsync(string appRoot)
    {
        var port = FreePort();
        // The standalone host's Durable engine keeps its task hub in storage and starts with the host.
        await using var azurite = await AzuriteServer.StartAsync();
        // Started without the Functions host's arguments: the standalone host, serving the same HTTP functions.
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = appRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(appRoot, Worker));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["TELEGRAM_WEBHOOK_SECRET"] = "package-test-secret";
        start.Environment["AzureWebJobsStorage"] = azurite.ConnectionString;
        start.Environment["ENABLED_CHAINS"] = "devnet";
        start.Environment["CHAIN_DEVNET_RPC_URLS"] = "http://127.0.0.1:9";
        using var process = Process.Start(start)!;
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
            var deadline = DateTime.UtcNow.AddSeconds(60);
            HttpStatusCode? status = null;
            while (DateTime.UtcNow < deadline && !process.HasExited)
            {
                try
                {
                    status = (await http.GetAsync($"http://127.0.0.1:{port}/healthz")).StatusCode;
                    break;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    // Not listening yet, or too slow to answer within 2 s on a loaded machine: ask again until the deadline.
                    await Task.Delay(200);
                }
            }
            string output;
            lock (log) output = log.ToString();
            Assert.True(status == HttpStatusCode.OK, $"/healthz answered {status?.ToString() ?? "nothing"}; worker output:\n{output}");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
