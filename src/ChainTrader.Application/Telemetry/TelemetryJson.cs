using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ChainTrader.Application.Telemetry;

[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonElement[]))]
internal sealed partial class TelemetryJson : JsonSerializerContext;
