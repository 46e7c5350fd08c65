using System.Text.Json;

namespace ChainTrader.Tests.Telemetry;

/// <summary>One telemetry item as the Azure Monitor exporter posted it (Breeze v2.1 envelope).</summary>
public sealed record IngestedEnvelope(string Name, string BaseType, IReadOnlyDictionary<string, string> Tags, JsonElement BaseData, string RawJson)
{
    public string? OperationId => Tags.GetValueOrDefault("ai.operation.id");
}
