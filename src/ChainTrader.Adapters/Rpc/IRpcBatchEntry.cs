using System.Text.Json;
using System.Text.Json.Nodes;

namespace ChainTrader.Adapters.Rpc;

/// <summary>A batch item seen without its result type, as the client sends and completes it.</summary>
internal interface IRpcBatchEntry
{
    string Method { get; }

    JsonArray Parameters { get; }

    /// <summary>Parses a result without storing it, so a batch that fails part-way leaves no item half-filled.</summary>
    object? Parse(JsonElement result, string endpoint);

    void Complete(object? parsed, JsonRpcErrorException? error);
}
