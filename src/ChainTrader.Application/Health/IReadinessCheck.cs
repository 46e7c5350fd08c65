using System.Text.Json.Serialization;

namespace ChainTrader.Application.Health;

/// <summary>One dependency /readyz checks now (not from a cache), within the readiness timeout.</summary>
public interface IReadinessCheck
{
    string Name { get; }
    Task<string> CheckAsync(CancellationToken cancellationToken);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ReadinessReport))]
[JsonSerializable(typeof(Liveness))]
internal sealed partial class HealthJson : JsonSerializerContext;
