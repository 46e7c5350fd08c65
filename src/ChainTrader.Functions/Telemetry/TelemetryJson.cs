using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace ChainTrader.Functions.Telemetry;

[JsonSerializable(typeof(JsonObject))]
[JsonSerializable(typeof(JsonElement[]))]
internal sealed partial class TelemetryJson : JsonSerializerContext;
