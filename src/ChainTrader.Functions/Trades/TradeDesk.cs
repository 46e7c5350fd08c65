using System.Collections.Concurrent;
using System.Diagnostics;
using ChainTrader.Core.Chains;
using ChainTrader.Core.Trades;
using ChainTrader.Functions.Chains;
using ChainTrader.Functions.Telemetry;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Trades;

/// <summary>
/// Drives trades: opens them, applies what happened (button presses, cancellations, emergency stop, observations of the
/// effect executor, the sweeper's ticks) through the pure <see cref="TradeStateMachine"/>, stores each step (ETag-guarded,
/// with its history entry) and only then performs the step's effects. Work that does not have to finish before a webhook
/// answers runs in the background of this process; whatever is lost with it (a crash, a restart) the sweeper re-drives
/// from Table Storage when the trade is next due.
/// Every step runs in the trace the trade was opened under (the opening webhook's, stored with the trade): a step that
/// something else triggered (a button press, the emergency stop, a step message from an older sweep) starts a span whose
/// parent is that stored context and which links to the trigger (<see cref="TraceContext.Continue"/>), so the trade's
/// history entries, log lines, RPC spans and notifications all carry one trace id.
/// </summary>
public sealed partial class TradeDesk : IHostedService
{
    private const int MaxConflictRetries = 20;

    private readonly TradeStore _store;
    private readonly TradeEffectExecutor _executor;
    private readonly TradeStateMachine _machine;
    private readonly TradeChain _chain;
    private readonly SaveTradeStepActivity _observer;
    private readonly ChainStateGuard _chainState;
    private readonly TimeProvider _clock;
    private readonly ILogger<TradeDesk> _logger;
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, bool> _background = new();
    private readonly CancellationTokenSource _stopping = new();

    public TradeDesk(TradeStore store, TradeEffectExecutor executor, IOptions<TradeTimings> timings, TradeChain chain, ChainStateGuard chainState,
        SaveTradeStepActivity observer, TimeProvider clock, ILogger<TradeDesk> logger)
    {
        _observer = observer;
        _chainState = chainState;
        _store = store;
        _executor = executor;
        _machine = new TradeStateMachine(timings.Value);
        _chain = chain;
        _clock = clock;
        _logger = logger;
    }

    public TradeTimings Timings => _machine.Timings;

    /// <summary>
    /// Opens a trade under <paramref name="tradeId"/> (derived from the opening update, so a redelivered update opens
    /// nothing new) and starts its risk check in the background. Returns the stored trade and whether this call created it.
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
        if (created)
        {
            LogOpened(tradeId, intent.UserId, cause);
            RunInBackground(stored, ct => RunEffectsAsync(stored, opened.Effects, ct));
        }
        return (stored, created);
    }

    /// <summary>
    /// Applies an event that a person caused (a button press, /cancel) and returns at once with the step; its effects run
    /// in the background. A step the machine refuses changes nothing (see <see cref="TradeStep.Rejection"/>).
    /// </summary>
    public async Task<TradeStep> SubmitAsync(string tradeId, TradeEvent evt, CancellationToken cancellationToken)
    {
        var (step, saved) = await ApplyAsync(tradeId, evt, cancellationToken);
        if (saved is not null && step.Effects.Count > 0) RunInBackground(saved, ct => RunEffectsAsync(saved, step.Effects, ct));
        return step;
    }

    /// <summary>
    /// The sweeper's and the TradeStep function's entry: when the trade is due, applies <see cref="Tick"/> and performs what
    /// it asks for, inline. A trade this process is already working on is left alone (that work re-reads the trade).
    /// </summary>
    public async Task<bool> TickIfDueAsync(string tradeId, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(tradeId, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(0, cancellationToken)) return false;
        try
        {
            var stored = await _store.GetAsync(tradeId, cancellationToken);
            if (stored is null) return false;
            using var activity = InTradeTrace(stored, "trade tick");
            if (stored.Trade.IsTerminal)
            {
                // The last step's effects were cut off (a crash after storing it): perform them now; they are all idempotent.
                var owed = await _store.FinalEffectsAsync(tradeId, cancellationToken);
                await RunEffectsAsync(stored, owed, cancellationToken);
                await _store.ForgetDueAsync(tradeId, cancellationToken);
                return owed.Count > 0;
            }
            if (stored.Trade.DueAt > _clock.GetUtcNow()) return false;
            // Stored trades of another chain must not be driven on this one (their signed bytes would replay here).
            if (_chainState.Known(_chain.Chain.Name) is { TradingAllowed: false }) return false;
            var (step, saved) = await ApplyAsync(tradeId, new Tick(), cancellationToken);
            if (saved is not null) await RunEffectsAsync(saved, step.Effects, cancellationToken);
            return step.Applied;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>
    /// A trade whose quote message went out but whose delivery the trade has not learned yet (a press can come first):
    /// applies <see cref="QuoteShown"/> with the delivery time. Returns the trade as stored afterwards.
    /// </summary>
    public async Task<StoredTrade?> ObserveQuoteDeliveryAsync(string tradeId, CancellationToken cancellationToken)
    {
        var stored = await _store.GetAsync(tradeId, cancellationToken);
        if (stored?.Trade.State != TradeState.RiskChecked) return stored;
        foreach (var evt in await _executor.QuoteDeliveryAsync(stored.Trade, cancellationToken))
            await ApplyAsync(tradeId, evt, cancellationToken, observation: true);
        return await _store.GetAsync(tradeId, cancellationToken);
    }

    /// <summary>Emergency stop: every trade not yet submitted is cancelled; submitted ones keep being monitored.</summary>
    public async Task<(int Cancelled, int StillMonitored)> EmergencyStopAsync(CancellationToken cancellationToken)
    {
        var cancelled = 0;
        var monitored = 0;
        foreach (var id in await _store.OpenTradeIdsAsync(cancellationToken))
        {
            var (step, saved) = await ApplyAsync(id, new EmergencyStop(), cancellationToken);
            if (saved is not null)
            {
                cancelled++;
                await RunEffectsAsync(saved, step.Effects, cancellationToken);
            }
            else if (step.Trade.State is TradeState.Submitted or TradeState.Included)
            {
                monitored++;
            }
        }
        LogEmergencyStop(cancelled, monitored);
        return (cancelled, monitored);
    }

    /// <summary>
    /// Reads, applies and stores one event, re-reading when another worker stored the trade first. Saved is null when
    /// nothing changed. An <paramref name="observation"/> that changes no fact (the same head, no receipt yet) is not
    /// stored and its "look again" effects are not run now: the trade's due time already brings the next look.
    /// </summary>
    private async Task<(TradeStep Step, StoredTrade? Saved)> ApplyAsync(string tradeId, TradeEvent evt, CancellationToken cancellationToken, bool observation = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            var stored = await _store.GetAsync(tradeId, cancellationToken) ?? throw new TradeRequestException($"There is no trade {tradeId}.");
            using var activity = InTradeTrace(stored, "trade apply");
            var step = _machine.Apply(stored.Trade, evt, _clock.GetUtcNow());
            if (!step.Applied || (observation && step.Entry is null)) return (step, null);
            try
            {
                var saved = await _store.SaveAsync(stored, step, _clock.GetUtcNow() + _machine.Timings.RetryAfter, cancellationToken);
                _observer.Observe(stored, saved, evt);
                return (step, saved);
            }
            catch (TradeConflictException) when (attempt < MaxConflictRetries)
            {
                LogConflict(tradeId, evt.GetType().Name, attempt);
            }
        }
    }

    /// <summary>
    /// Performs a stored step's effects: its notifications first (so the trade's message is edited in the order things
    /// happened), then the rest, each one's observations applied (and their effects performed) before the next.
    /// </summary>
    private async Task RunEffectsAsync(StoredTrade saved, IReadOnlyList<TradeEffect> effects, CancellationToken cancellationToken)
    {
        using var activity = InTradeTrace(saved, "trade effects");
        foreach (var effect in effects.OfType<Notify>().Concat<TradeEffect>(effects.Where(e => e is not Notify)))
        {
            var observed = await _executor.ExecuteAsync(saved, effect, cancellationToken);
            foreach (var evt in observed)
            {
                var (step, next) = await ApplyAsync(saved.Trade.Id, evt, cancellationToken, observation: true);
                if (next is null)
                {
                    if (step.Rejection is { } rejection) LogObservationRefused(saved.Trade.Id, evt.GetType().Name, rejection);
                    continue;
                }
                await RunEffectsAsync(next, step.Effects, cancellationToken);
            }
        }
        if (saved.Trade.IsTerminal && effects.Count > 0) await _store.ForgetDueAsync(saved.Trade.Id, cancellationToken);
    }

    /// <summary>A span in the trade's own trace, unless the current one already is (see <see cref="TraceContext.Continue"/>).</summary>
    private static Activity? InTradeTrace(StoredTrade trade, string name) =>
        TraceContext.Continue(trade.TraceParent, name, [new(ChainTraderTelemetry.Tags.TradeId, trade.Trade.Id)]);

    /// <summary>Runs a trade's work in this process's background, one piece of work per trade at a time; failures are logged (the sweeper retries).</summary>
    private void RunInBackground(StoredTrade trade, Func<CancellationToken, Task> work)
    {
        var tradeId = trade.Trade.Id;
        var gate = _locks.GetOrAdd(tradeId, _ => new SemaphoreSlim(1, 1));
        var task = Task.Run(async () =>
        {
            using var activity = InTradeTrace(trade, "trade background");
            try
            {
                await gate.WaitAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            try
            {
                await work(_stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
            }
            catch (Exception ex)
            {
                LogBackgroundFailed(ex, tradeId);
            }
            finally
            {
                gate.Release();
            }
        });
        _background[task] = true;
        task.ContinueWith(t => _background.TryRemove(t, out _), TaskScheduler.Default);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Stops background work: it is cancelled and awaited briefly; anything cut short is re-driven by the sweeper.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await Task.WhenAny(Task.WhenAll(_background.Keys), Task.Delay(TimeSpan.FromSeconds(5), cancellationToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Trade {TradeId} opened by user {UserId} ({Cause})")]
    private partial void LogOpened(string tradeId, long userId, string cause);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Trade {TradeId}: {Event} lost an ETag race (attempt {Attempt}); re-reading")]
    private partial void LogConflict(string tradeId, string @event, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trade {TradeId}: observation {Event} no longer applies: {Reason}")]
    private partial void LogObservationRefused(string tradeId, string @event, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trade {TradeId}: background work failed; the sweeper will retry when it is due")]
    private partial void LogBackgroundFailed(Exception ex, string tradeId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Emergency stop: {Cancelled} trades cancelled, {Monitored} submitted trades still monitored")]
    private partial void LogEmergencyStop(int cancelled, int monitored);
}
