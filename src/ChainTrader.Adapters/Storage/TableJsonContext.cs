using System.Text.Json.Serialization;

namespace ChainTrader.Adapters.Storage;

[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class TableJsonContext : JsonSerializerContext;
