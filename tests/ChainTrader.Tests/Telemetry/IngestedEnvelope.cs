using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ChainTrader.Tests.Telemetry;

/// <summary>One telemetry item as the Azure Monitor exporter posted it (Breeze v2.1 envelope).</summary>
public sealed record IngestedEnvelope(string Name, string BaseType, IReadOnlyDictionary<string, string> Tags, JsonElement BaseData, string RawJson)
{
    public string? OperationId => Tags.GetValueOrDefault("ai.operation.id");
}
