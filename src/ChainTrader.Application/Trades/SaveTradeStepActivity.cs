using ChainTrader.Core.Chat;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Telemetry;

namespace ChainTrader.Application.Trades;

/// <summary>
/// Stores one recorded step of a trade's orchestration (the trade's table view and its history entry, see
/// <see cref="TradeStore.RecordAsync"/>). Safe to run twice: the history entry is keyed by the step's sequence, and the
/// orchestration is the only writer after the trade's creation, so a run that finds the stored trade at or past its
/// sequence finds its own earlier write and returns it. The state-change log line, the confirm→broadcast latency and the
/// rejection counter fire here, after the write, so each stored change counts once however often the activity runs.
/// </summary>
public sealed partial class SaveTradeStepActivity(TradeStore store, TimeProvider clock, ILogger<SaveTradeStepActivity> logger)
{
    public const string Name = "SaveTradeStep";

    /// <summary>The event id ./run.sh's terminal filter shows (scripts/terminal-filter.js).</summary>
    public const int StateChangedEventId = 4100;

    private const int MaxConflictRetries = 5;

    public async Task<StoredTradeData> RunAsync(SaveTradeStepInput input, CancellationToken cancellationToken)
    {
        var before = input.Before.ToStoredTrade();
        var trade = TradeWire.DecodeTrade(input.Trade);
        var entry = TradeWire.DecodeEntry(input.Entry);
        using var activity = TraceContext.Continue(before.TraceParent, "trade save", [new(TelemetryTags.TradeId, trade.Id)]);
        for (var attempt = 1; ; attempt++)
        {
            if (before.Trade.Sequence >= entry.Sequence) return StoredTradeData.From(before);
            if (before.Trade.Sequence != entry.Sequence - 1)
                throw new InvalidOperationException($"Trade {trade.Id} is stored at step {before.Trade.Sequence}; step {entry.Sequence} cannot follow it.");
            try
            {
                var saved = await store.RecordAsync(before, trade, entry, cancellationToken);
                Observe(before, saved, entry.Event);
                return StoredTradeData.From(saved);
            }
            catch (TradeConflictException) when (attempt < MaxConflictRetries)
            {
                // The ETag the orchestration holds is stale (this step was written by an earlier run): look at the row.
                LogConflict(trade.Id, entry.Sequence, attempt);
                before = await store.GetAsync(trade.Id, cancellationToken)
                         ?? throw new InvalidOperationException($"Trade {trade.Id} has no stored row to save step {entry.Sequence} over.");
            }
        }
    }

    /// <summary>What a stored change tells the terminal and the metrics.</summary>
    private void Observe(StoredTrade before, StoredTrade after, TradeEvent evt)
    {
        // The one line per state change that ./run.sh shows in the terminal (its filter keys on the event id).
        if (before.Trade.State != after.Trade.State)
            LogStateChanged(after.Trade.Id, Word(before.Trade), Word(after.Trade), after.Trade.Outcome is { } outcome ? $"({outcome})" : "");
        if (evt is BroadcastResult { Outcome: BroadcastOutcome.Accepted or BroadcastOutcome.AlreadyKnown }
            && before.Trade.Transactions.All(a => a.AcceptedAt is null) && after.ConfirmedAt is { } confirmedAt)
        {
            ChainTraderTelemetry.ConfirmToBroadcast.Record((clock.GetUtcNow() - confirmedAt).TotalSeconds);
        }
        if (after.Trade.State is TradeState.Rejected or TradeState.Expired && before.Trade.State != after.Trade.State && evt is not RiskEvaluated)
            ChainTraderTelemetry.OrderRejections.Add(1, new KeyValuePair<string, object?>("reason", after.Trade.State.ToString().ToLowerInvariant()));
    }

    private static string Word(Trade trade) =>
        ChatVocabulary.State(trade.State, trade.Confirmations, trade.ConfirmationsRequired, trade.Settlement?.Kind);

    [LoggerMessage(EventId = StateChangedEventId, EventName = "TradeStateChanged", Level = LogLevel.Information, Message = "Trade {TradeId}: {From} → {To} {Outcome}")]
    private partial void LogStateChanged(string tradeId, string from, string to, string outcome);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Trade {TradeId}: step {Sequence} met a newer row (attempt {Attempt}); re-reading")]
    private partial void LogConflict(string tradeId, int sequence, int attempt);
}
