using ChainTrader.Core.Trades;

namespace ChainTrader.Application.Trades;

/// <summary>
/// What a trade's orchestration starts (or continues as new) with. <see cref="Timings"/> travel with the trade so that a
/// replay decides exactly as the first run did even if the configuration changed in between. <see cref="Stored"/> is
/// null on the first start (the orchestration loads the row the webhook created); after a ContinueAsNew it is the
/// trade as last stored, with <see cref="Owed"/> the work not yet done. <see cref="StepsPerGeneration"/> bounds the
/// activities and timers one generation runs before it continues as new (its history stays small).
/// </summary>
public sealed record TradeOrchestrationInput(
    string TradeId,
    TradeTimings Timings,
    StoredTradeData? Stored,
    IReadOnlyList<TradeWork> Owed,
    int StepsPerGeneration = TradeOrchestrationInput.DefaultStepsPerGeneration)
{
    public const int DefaultStepsPerGeneration = 100;

    /// <summary>The input of a trade just opened: its row exists, its opening step's effects are owed.</summary>
    public static TradeOrchestrationInput Opening(string tradeId, TradeTimings timings, IEnumerable<TradeEffect> effects) =>
        new(tradeId, timings, null, effects.Select(e => new TradeWork(TradeWire.Encode(e), null)).ToList());
}
