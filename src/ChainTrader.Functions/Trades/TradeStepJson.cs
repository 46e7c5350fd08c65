using System.Text.Json.Serialization;

namespace ChainTrader.Functions.Trades;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TradeStepMessage))]
internal sealed partial class TradeStepJson : JsonSerializerContext;
