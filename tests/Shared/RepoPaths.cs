namespace ChainTrader.TestSupport;

/// <summary>Finds the repository from the test binaries so fixtures can reach devnet/ and the function folders.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();
    public static string Devnet => Path.Combine(Root, "devnet");
    public static string DevnetNodeModules => Path.Combine(Devnet, "node_modules");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Functions.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"Functions.sln not found above {AppContext.BaseDirectory}.");
    }
}
