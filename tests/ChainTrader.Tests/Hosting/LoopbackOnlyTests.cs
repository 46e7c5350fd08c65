using System.Globalization;
using ChainTrader.Tests.Infrastructure;

namespace ChainTrader.Tests.Hosting;

/// <summary>
/// Every listening socket of the local stack (this test process, Azurite, the Hardhat node and anything
/// else they start) is bound to 127.0.0.1: read from the kernel's socket tables, not from our own settings.
/// </summary>
[Collection(DevnetCollection.Name)]
public class LoopbackOnlyTests
{
    [Fact]
    public async Task EveryListeningSocketOfTheStackIsOnLoopback()
    {
        await LocalStack.DevnetAsync();
        await LocalStack.AzuriteAsync();
        await using var app = await AppHost.StartAsync(AppHost.BaseSettings());

        var inodes = SocketInodes(ProcessTree(Environment.ProcessId));
        var listening = ListeningSockets().Where(s => inodes.Contains(s.Inode)).ToList();

        Assert.True(listening.Count >= 5, $"expected the app, Azurite (3) and Hardhat listening; found {listening.Count}");
        Assert.All(listening, s => Assert.True(s.IsLoopback, $"socket {s.Address}:{s.Port} is not on loopback"));
    }

    private static HashSet<int> ProcessTree(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                // /proc/<pid>/stat: "pid (comm) state ppid ..." — comm may contain spaces, so read after the last ')'.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                parents[pid] = int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        var tree = new HashSet<int> { root };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var (pid, parent) in parents)
                if (tree.Contains(parent) && tree.Add(pid)) grew = true;
        }
        return tree;
    }

    private static HashSet<string> SocketInodes(IEnumerable<int> pids)
    {
        var inodes = new HashSet<string>();
        foreach (var pid in pids)
        {
            try
            {
                foreach (var fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
                {
                    var target = new FileInfo(fd).LinkTarget;
                    if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)) inodes.Add(target[8..^1]);
                }
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return inodes;
    }

    private sealed record Socket(string Address, int Port, string Inode, bool IsLoopback);

    private static IEnumerable<Socket> ListeningSockets()
    {
        foreach (var (file, v6) in new[] { ("/proc/net/tcp", false), ("/proc/net/tcp6", true) })
        {
            if (!File.Exists(file)) continue;
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (f[3] != "0A") continue; // TCP_LISTEN
                var local = f[1].Split(':');
                var port = int.Parse(local[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                // The kernel prints addresses as host-order 32-bit words: 127.0.0.1 is 0100007F; ::1 and ::ffff:127.0.0.1 likewise.
                var loopback = v6
                    ? local[0] is "00000000000000000000000001000000" or "0000000000000000FFFF00000100007F"
                    : local[0].EndsWith("7F", StringComparison.Ordinal);
                yield return new Socket(local[0], port, f[9], loopback);
            }
        }
    }
}
