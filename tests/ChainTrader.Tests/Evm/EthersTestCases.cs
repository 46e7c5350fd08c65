using System.IO.Compression;
using System.Text.Json;
using ChainTrader.Tests.Infrastructure;

namespace ChainTrader.Tests.Evm;

/// <summary>The published ethers.js test vectors (npm @ethersproject/testcases, pinned in devnet/package-lock.json).</summary>
internal static class EthersTestCases
{
    public static async Task<IReadOnlyList<JsonElement>> LoadAsync(string name)
    {
        await NodeKit.EnsureInstalledAsync();
        var path = Path.Combine(RepoPaths.DevnetNodeModules, "@ethersproject", "testcases", "testcases", name + ".json.gz");
        await using var file = File.OpenRead(path);
        await using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var document = await JsonDocument.ParseAsync(gzip);
        var cases = document.RootElement.EnumerateArray().Select(c => c.Clone()).ToList();
        Assert.True(cases.Count > 0, $"{path} holds no test cases.");
        return cases;
    }

    public static string? OptionalString(this JsonElement element, string property)
        => element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Fails listing every failing case (up to a screenful) rather than stopping at the first one.</summary>
    public static void AssertNoFailures(string file, int total, List<string> failures)
    {
        if (failures.Count > 0)
            Assert.Fail($"{failures.Count} of {total} cases in {file} failed:\n" + string.Join("\n", failures.Take(20)));
    }
}
