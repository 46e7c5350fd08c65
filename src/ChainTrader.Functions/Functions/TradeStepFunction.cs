using ChainTrader.Functions.Hosting;
using Microsoft.Azure.Functions.Worker;
using ChainTrader.Functions.Trades;

namespace ChainTrader.Functions.Functions;

/// <summary>
/// Queue `trade-steps`: {"tradeId": "...", "traceparent": "..."} asks for the next step of one trade (in the trade's trace). A hint only: the trade's row decides
/// whether anything is due, so a duplicate or late message does nothing and a lost one waits for the next sweep.
/// </summary>
public sealed class TradeStepFunction(TradeDesk desk, ILogger<TradeStepFunction> logger)
{
    [Function("TradeStep")]
    public async Task RunAsync([QueueTrigger(TradeStepMessage.QueueName)] string message, CancellationToken cancellationToken)
    {
        var hint = TradeStepMessage.Parse(QueueText.AsJson(message));
        var stepped = await desk.TickIfDueAsync(hint.TradeId, cancellationToken);
        logger.LogDebug("trade {TradeId}: {Outcome}", hint.TradeId, stepped ? "stepped" : "nothing due");
    }
}

