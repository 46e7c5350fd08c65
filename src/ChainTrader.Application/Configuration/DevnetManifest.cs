using System.Text.Json;
using System.Text.Json.Serialization;

namespace ChainTrader.Application.Configuration;

/// <summary>What devnet/devnet.js deployed: written by the deploy step, read by the app and the tests.</summary>
public sealed record DevnetManifest(
    long ChainId,
    string RpcUrl,
    IReadOnlyList<DevnetAccount> Accounts,
    DevnetContracts Contracts,
    IReadOnlyDictionary<string, DevnetToken> Tokens,
    IReadOnlyDictionary<string, DevnetFeed> Feeds,
    IReadOnlyDictionary<string, string> Pairs)
{
    public static DevnetManifest Load(string path)
    {
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize(stream, DevnetManifestJson.Default.DevnetManifest)
               ?? throw new InvalidDataException($"Devnet manifest {path} is empty.");
    }

    public DevnetAccount Account(string name) =>
        Accounts.FirstOrDefault(a => a.Name == name) ?? throw new KeyNotFoundException($"Devnet manifest has no account named '{name}'.");
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(DevnetManifest))]
internal sealed partial class DevnetManifestJson : JsonSerializerContext;
