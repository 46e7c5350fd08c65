using System.Diagnostics;
using ChainTrader.Tests.Infrastructure;

namespace ChainTrader.Tests;

/// <summary>
/// The Telegram stand-in is Node code with its own node:test suite; running it from here keeps
/// `dotnet test` the one command that runs every test.
/// </summary>
public class TelegramStandInSuiteTests
{
    [Fact]
    public async Task StandInNodeSuitePasses()
    {
        await NodeKit.EnsureInstalledAsync();
        var start = new ProcessStartInfo("node") { WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var arg in new[] { "--test", "--test-reporter=spec", "devnet/telegram-standin/test/" }) start.ArgumentList.Add(arg);
        using var node = Process.Start(start)!;
        var stdout = node.StandardOutput.ReadToEndAsync();
        var stderr = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        var output = await stdout + await stderr;
        Assert.True(node.ExitCode == 0, $"node --test failed ({node.ExitCode}):\n{output[Math.Max(0, output.Length - 6000)..]}");
        Assert.Contains("fail 0", output);
    }
}
