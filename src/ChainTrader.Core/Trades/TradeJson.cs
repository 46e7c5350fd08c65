using System.Text.Json.Serialization;
using ChainTrader.Core.Risk;

namespace ChainTrader.Core.Trades;

/// <summary>Source-generated JSON for everything the lifecycle stores: trades, history entries, effects, the ledger.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    Converters = [typeof(BigIntegerAsStringConverter)])]
[JsonSerializable(typeof(Trade))]
[JsonSerializable(typeof(TradeHistoryEntry))]
[JsonSerializable(typeof(TradeEvent))]
[JsonSerializable(typeof(TradeEffect))]
[JsonSerializable(typeof(LedgerState))]
[JsonSerializable(typeof(Fill))]
[JsonSerializable(typeof(RiskDecision))]
public sealed partial class TradeJson : JsonSerializerContext;
