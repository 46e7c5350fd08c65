using System.Text.Json;
using System.Text.Json.Serialization;
using ChainTrader.Functions.Hosting;
using ChainTrader.Functions.Trades;

namespace ChainTrader.Functions.Functions.TradeStep;

/// <summary>
/// Queue `trade-steps`: {"tradeId": "...", "traceparent": "..."} asks for the next step of one trade (in the trade's trace). A hint only: the trade's row decides
/// whether anything is due, so a duplicate or late message does nothing and a lost one waits for the next sweep.
/// </summary>
public sealed class TradeStepFunction(TradeDesk desk) : IFunction
{
    public string Name => "TradeStep";

    public async Task RunAsync(FunctionContext context, CancellationToken cancellationToken)
    {
        if (!context.Invocation.Data.TryGetValue("step", out var message))
            throw new InvalidDataException("TradeStep: the invocation has no \"step\" binding data.");
        var hint = TradeStepMessage.Parse(message);
        var stepped = await desk.TickIfDueAsync(hint.TradeId, cancellationToken);
        context.Log(LogLevel.Debug, $"trade {hint.TradeId}: {(stepped ? "stepped" : "nothing due")}");
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(TradeStepMessage))]
[JsonSerializable(typeof(JsonElement[]))]
internal sealed partial class TradeStepJson : JsonSerializerContext;
