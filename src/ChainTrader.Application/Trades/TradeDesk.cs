using ChainTrader.Core.Chains;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Chains;
using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Trades;

/// <summary>
/// The handlers' door to trades. Each trade is driven by its own Durable orchestration (<see cref="TradeOrchestration"/>,
/// instance <c>trade-{id}</c>); the desk creates the trade's row and starts the orchestration, and hands it what people
/// and the outbox cause (presses, /cancel, the emergency stop, the quote's delivery) as raised events. The answer a
/// person gets is the step the pure state machine makes from the stored view: the orchestration applies the same event
/// to the same trade (it is the only writer after creation), so it decides the same, or refuses a duplicate; a press
/// carries its own time, so an orchestration that applies it late still judges the quote's expiry as the answer did.
/// </summary>
public sealed partial class TradeDesk
{
    private readonly TradeStore _store;
    private readonly TradeEffectExecutor _executor;
    private readonly TradeStateMachine _machine;
    private readonly TradeChain _chain;
    private readonly ChainStateGuard _chainState;
    private readonly DurableClientAccess _durable;
    private readonly TimeProvider _clock;
    private readonly ILogger<TradeDesk> _logger;

    public TradeDesk(TradeStore store, TradeEffectExecutor executor, IOptions<TradeTimings> timings, TradeChain chain, ChainStateGuard chainState,
        DurableClientAccess durable, TimeProvider clock, ILogger<TradeDesk> logger)
    {
        _store = store;
        _executor = executor;
        _machine = new TradeStateMachine(timings.Value);
        _chain = chain;
        _chainState = chainState;
        _durable = durable;
        _clock = clock;
        _logger = logger;
    }

    public TradeTimings Timings => _machine.Timings;

    /// <summary>
    /// Opens a trade under <paramref name="tradeId"/> (derived from the opening update, so a redelivered update opens
    /// nothing new) and starts its orchestration. A redelivery that finds the row but no step stored yet schedules the
    /// orchestration again (the first delivery may have died between the two writes); the instance id is the trade's,
    /// and an existing instance is never replaced, so there is still one orchestration.
    /// </summary>
    public async Task<(StoredTrade Trade, bool Created)> OpenAsync(string tradeId, TradeIntent intent, string cause, CancellationToken cancellationToken)
    {
        ChainStateVerdict verdict;
        try
        {
            verdict = await _chainState.VerdictAsync(_chain.Chain.Name, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new TradeRequestException($"Trading refused for now: the desk cannot check which chain its stored state belongs to ({ex.Message}). Try again in a minute.");
        }
        if (!verdict.TradingAllowed)
            throw new TradeRequestException($"Trading refused: {verdict.Summary} Retrying will not help until an operator fixes this.");
        var opened = _machine.Open(tradeId, intent, _chain.Chain.Confirmations, _clock.GetUtcNow());
        var (stored, created) = await _store.CreateAsync(opened, cause, cancellationToken);
        if (stored.Trade.Sequence == opened.Trade.Sequence) await StartAsync(tradeId, opened.Effects, cancellationToken);
        if (created) LogOpened(tradeId, intent.UserId, cause);
        return (stored, created);
    }

    /// <summary>
    /// Hands the trade an event a person caused (a button press, /cancel) and returns the step it makes from the stored
    /// view, for the reply. A step the machine refuses is not raised and changes nothing (see <see cref="TradeStep.Rejection"/>).
    /// </summary>
    public async Task<TradeStep> SubmitAsync(string tradeId, TradeEvent evt, CancellationToken cancellationToken)
    {
        var view = await ObserveQuoteDeliveryAsync(tradeId, cancellationToken) ?? throw new TradeRequestException($"There is no trade {tradeId}.");
        var step = _machine.Apply(view.Trade, evt, _clock.GetUtcNow());
        if (step.Applied) await RaiseAsync(tradeId, evt, cancellationToken);
        return step;
    }

    /// <summary>
    /// A trade whose quote message went out but whose delivery the trade has not learned yet (a press can come first):
    /// raises <see cref="QuoteShown"/> with the delivery time. Returns the trade as it is once the orchestration applies it.
    /// </summary>
    public async Task<StoredTrade?> ObserveQuoteDeliveryAsync(string tradeId, CancellationToken cancellationToken) =>
        await _store.GetAsync(tradeId, cancellationToken) is { } stored ? await ObserveQuoteDeliveryAsync(stored, cancellationToken) : null;

    /// <summary>As <see cref="ObserveQuoteDeliveryAsync(string, CancellationToken)"/>, for a trade already read; any other state is returned as it is.</summary>
    public async Task<StoredTrade> ObserveQuoteDeliveryAsync(StoredTrade stored, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.Trade.State != TradeState.RiskChecked) return stored;
        foreach (var evt in await _executor.QuoteDeliveryAsync(stored.Trade, cancellationToken))
        {
            var step = _machine.Apply(stored.Trade, evt, _clock.GetUtcNow());
            if (!step.Applied) continue;
            await RaiseAsync(stored.Trade.Id, evt, cancellationToken);
            stored = stored with { Trade = step.Trade };
        }
        return stored;
    }

    /// <summary>How long a stop (/cancel, the emergency stop) waits for the trades it stopped to show what became of them.</summary>
    public static readonly TimeSpan StopSettleWait = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan StopPollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The trade once its orchestration has shown what a stop raised to it did: ended (cancelled, or otherwise first) or
    /// submitted (too late to cancel; monitored to its end). A trade still before submission after
    /// <see cref="StopSettleWait"/> is returned as it is; null when there is no such trade.
    /// <para>
    /// The answer to a stop cannot come from the state machine's dry run alone: the orchestration may be signing the swap
    /// when the stop is raised, and then applies the signature (Submitted) before the stop, which it refuses.
    /// </para>
    /// </summary>
    public async Task<Trade?> AfterStopAsync(string tradeId, CancellationToken cancellationToken)
    {
        var deadline = _clock.GetUtcNow() + StopSettleWait;
        while (true)
        {
            var trade = (await _store.GetAsync(tradeId, cancellationToken))?.Trade;
            if (trade is null || HasSettledAfterStop(trade) || _clock.GetUtcNow() >= deadline) return trade;
            await Task.Delay(StopPollInterval, _clock, cancellationToken);
        }
    }

    /// <summary>
    /// Emergency stop: every trade not yet submitted is cancelled; submitted ones keep being monitored. The counts are what
    /// the stored trades show afterwards, not what the dry run expected: an orchestration may broadcast its swap before it
    /// applies the stop, and that trade is then monitored, not cancelled. Trades that show neither within
    /// <see cref="StopSettleWait"/> are counted as still stopping.
    /// </summary>
    public async Task<EmergencyStopOutcome> EmergencyStopAsync(CancellationToken cancellationToken)
    {
        var stopping = new List<string>();
        var monitored = 0;
        foreach (var id in await _store.OpenTradeIdsAsync(cancellationToken))
        {
            if (await _store.GetAsync(id, cancellationToken) is not { } stored) continue;
            var step = _machine.Apply(stored.Trade, new EmergencyStop(), _clock.GetUtcNow());
            if (step.Applied)
            {
                stopping.Add(id);
                await RaiseAsync(id, new EmergencyStop(), cancellationToken);
            }
            else if (IsMonitored(stored.Trade.State))
            {
                monitored++;
            }
        }

        var after = await Task.WhenAll(stopping.Select(id => AfterStopAsync(id, cancellationToken)));
        var outcome = new EmergencyStopOutcome(
            Cancelled: after.Count(t => t?.State == TradeState.Cancelled),
            StillMonitored: monitored + after.Count(t => t is not null && IsMonitored(t.State)),
            EndedOtherwise: after.Count(t => t is null || (t.IsTerminal && t.State != TradeState.Cancelled)),
            StillStopping: after.Count(t => t is not null && !HasSettledAfterStop(t)));
        LogEmergencyStop(outcome.Cancelled, outcome.StillMonitored, outcome.EndedOtherwise, outcome.StillStopping);
        return outcome;
    }

    private static bool IsMonitored(TradeState state) => state is TradeState.Submitted or TradeState.Included;

    private static bool HasSettledAfterStop(Trade trade) => trade.IsTerminal || IsMonitored(trade.State);

    private async Task StartAsync(string tradeId, IReadOnlyList<TradeEffect> effects, CancellationToken cancellationToken)
    {
        // Every status is kept: an instance of this trade, running or ended, is never replaced by a second start.
        var options = new StartOrchestrationOptions(TradeOrchestration.InstanceId(tradeId))
            .WithDedupeStatuses([.. StartOrchestrationOptionsExtensions.ValidDedupeStatuses]);
        try
        {
            await _durable.Client.ScheduleNewOrchestrationInstanceAsync(TradeOrchestration.Name, TradeOrchestrationInput.Opening(tradeId, Timings, effects),
                options, cancellationToken);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            LogAlreadyStarted(tradeId);
        }
    }

    private Task RaiseAsync(string tradeId, TradeEvent evt, CancellationToken cancellationToken) =>
        _durable.Client.RaiseEventAsync(TradeOrchestration.InstanceId(tradeId), TradeOrchestration.EventName, TradeWire.Encode(evt), cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trade {TradeId} opened by user {UserId} ({Cause})")]
    private partial void LogOpened(string tradeId, long userId, string cause);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trade {TradeId}: its orchestration was started already")]
    private partial void LogAlreadyStarted(string tradeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Emergency stop: {Cancelled} trades cancelled, {Monitored} submitted trades still monitored, {EndedOtherwise} ended otherwise before the stop reached them, {StillStopping} not settled yet")]
    private partial void LogEmergencyStop(int cancelled, int monitored, int endedOtherwise, int stillStopping);
}
