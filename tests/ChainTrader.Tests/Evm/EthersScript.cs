using System.Diagnostics;
using System.Text.Json;
using ChainTrader.Tests.Infrastructure;

namespace ChainTrader.Tests.Evm;

/// <summary>Runs a snippet against the ethers npm package in devnet/: JSON in on stdin (as `input`), JSON out on stdout.</summary>
internal static class EthersScript
{
    public static async Task<T> RunAsync<T>(string body, object input)
    {
        await NodeKit.EnsureInstalledAsync();
        var script = "const ethers = require('ethers'); let raw = '';\n" +
                     "process.stdin.on('data', d => raw += d).on('end', () => { const input = JSON.parse(raw);\n" +
                     body + "\n});";
        var start = new ProcessStartInfo("node", ["-e", script])
        {
            WorkingDirectory = RepoPaths.Devnet,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.StandardInput.WriteAsync(JsonSerializer.Serialize(input));
        node.StandardInput.Close();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(node.ExitCode == 0, $"node failed ({node.ExitCode}): {await stderr}");
        return JsonSerializer.Deserialize<T>(await stdout) ?? throw new InvalidDataException("node printed null.");
    }
}
