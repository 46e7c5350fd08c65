using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace ChainTrader.Tests.Infra;

/// <summary>
/// Runs scripts/publish-functionapp.sh and treats its zip the way Azure does: the layout the Functions host
/// loads, a handler that keeps its execute bit, and a self-contained handler that, unpacked elsewhere, answers
/// /healthz on the port the host hands it.
/// </summary>
public sealed class FunctionAppPackageTests
{
    private const string Handler = "ChainTrader.Functions";

    [Fact]
    public async Task Published_zip_is_a_self_contained_function_app_that_serves_healthz()
    {
        var artifacts = Directory.CreateTempSubdirectory("functionapp-package-");
        try
        {
            var zipPath = await PublishAsync(artifacts.FullName);

            using (var zip = ZipFile.OpenRead(zipPath))
            {
                var names = zip.Entries.Select(e => e.FullName).ToHashSet();
                Assert.Contains("host.json", names);
                foreach (var function in Directory.GetDirectories(Path.Combine(RepoPaths.Root, "src", "ChainTrader.Functions", "Functions")))
                    Assert.Contains($"{Path.GetFileName(function)}/function.json", names);
                // Azure unpacks with the zip's Unix modes; without the execute bit the host cannot start the handler.
                var mode = (UnixFileMode)((zip.GetEntry(Handler)!.ExternalAttributes >> 16) & 0x1FF);
                Assert.True(mode.HasFlag(UnixFileMode.UserExecute), $"{Handler} is stored without its execute bit ({mode}).");
                Assert.Contains("libhostfxr.so", names);
            }

            var unpacked = Path.Combine(artifacts.FullName, "unpacked");
            ZipFile.ExtractToDirectory(zipPath, unpacked);
            using (var runtimeConfig = JsonDocument.Parse(File.ReadAllText(Path.Combine(unpacked, $"{Handler}.runtimeconfig.json"))))
                Assert.True(runtimeConfig.RootElement.GetProperty("runtimeOptions").TryGetProperty("includedFrameworks", out _),
                    "the handler is framework-dependent; the Flex Consumption custom runtime has no .NET to lend it.");

            await AssertHandlerServesHealthzAsync(unpacked);
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

    private static async Task AssertHandlerServesHealthzAsync(string appRoot)
    {
        var port = FreePort();
        // As the Functions host starts it: from the app root, with the port in FUNCTIONS_CUSTOMHANDLER_PORT,
        // and no .NET installation to fall back on.
        var start = new ProcessStartInfo(Path.Combine(appRoot, Handler)) { WorkingDirectory = appRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment.Remove("DOTNET_ROOT");
        start.Environment["PATH"] = "/bin";
        start.Environment["FUNCTIONS_CUSTOMHANDLER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["TELEGRAM_WEBHOOK_SECRET"] = "package-test-secret";
        start.Environment["AzureWebJobsStorage"] = "UseDevelopmentStorage=true";
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
            var deadline = DateTime.UtcNow.AddSeconds(30);
            HttpStatusCode? status = null;
            while (DateTime.UtcNow < deadline && !process.HasExited)
            {
                try
                {
                    status = (await http.GetAsync($"http://127.0.0.1:{port}/healthz")).StatusCode;
                    break;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200);
                }
            }
            string output;
            lock (log) output = log.ToString();
            Assert.True(status == HttpStatusCode.OK, $"/healthz answered {status?.ToString() ?? "nothing"}; handler output:\n{output}");
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
