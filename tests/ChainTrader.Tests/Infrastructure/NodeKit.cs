using System.Diagnostics;

namespace ChainTrader.Tests.Infrastructure;

/// <summary>
/// Installs the npm devnet kit (pinned by devnet/package-lock.json) the first time any test needs it,
/// so `dotnet test` alone works on a fresh clone.
/// </summary>
public static class NodeKit
{
    private static readonly Lazy<Task> Install = new(InstallAsync);

    public static Task EnsureInstalledAsync() => Install.Value;

    private static async Task InstallAsync()
    {
        var marker = Path.Combine(RepoPaths.DevnetNodeModules, ".package-lock.json");
        var lockFile = Path.Combine(RepoPaths.Devnet, "package-lock.json");
        if (File.Exists(marker) && File.GetLastWriteTimeUtc(marker) >= File.GetLastWriteTimeUtc(lockFile))
            return;

        // Several test processes may start at once; an exclusive file keeps them from running npm together.
        var guardPath = Path.Combine(RepoPaths.Devnet, ".npm-install.lock");
        using var guard = await AcquireAsync(guardPath);
        if (File.Exists(marker) && File.GetLastWriteTimeUtc(marker) >= File.GetLastWriteTimeUtc(lockFile))
            return;

        var start = new ProcessStartInfo("npm", "ci --no-audit --no-fund")
        {
            WorkingDirectory = RepoPaths.Devnet,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var npm = Process.Start(start) ?? throw new InvalidOperationException("Could not start npm.");
        var stdout = npm.StandardOutput.ReadToEndAsync();
        var stderr = npm.StandardError.ReadToEndAsync();
        await npm.WaitForExitAsync();
        if (npm.ExitCode != 0)
            throw new InvalidOperationException($"npm ci in devnet/ failed ({npm.ExitCode}):\n{await stdout}\n{await stderr}");
    }

    private static async Task<FileStream> AcquireAsync(string path)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (attempt < 600)
            {
                await Task.Delay(500);
            }
        }
    }
}
