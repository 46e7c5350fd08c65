using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using ChainTrader.Core.Trades;
using Microsoft.DurableTask;

namespace ChainTrader.Application.Trades;

/// <summary>
/// One trade's lifecycle as a Durable orchestration (SPEC §5), the imperative shell around the pure
/// <see cref="TradeStateMachine"/>. Every fact — an event an effect activity observed, an external event (a button press,
/// /cancel, the emergency stop, the quote's delivery: all raised as <see cref="EventName"/> with the
/// <see cref="TradeEvent"/> as TradeJson), or a durable timer at the trade's due time (<see cref="Tick"/>) — is applied
/// at the orchestration's clock; a recorded step is stored through <see cref="SaveTradeStepActivity"/> before its effects
/// run as <see cref="RunTradeEffectActivity"/> calls (the ledger's fill, then notifications, then the rest; each effect's observations applied, and their
/// effects performed, before the next effect). It ends when the trade is terminal and its last effects ran.
/// <para>
/// Failures never end a trade: every activity has a retry policy; past it, an effect that the next <see cref="Tick"/>
/// re-issues (a risk check, re-price, signing, poll...) is dropped until then, exactly as the sweeper used to re-drive a
/// trade; a notification, and every effect of a terminal trade, stays owed and is retried after a durable wait; a save
/// or load is retried after a durable wait until it succeeds (a step's effects never run before it is stored).
/// </para>
/// <para>
/// External events are taken through one long-lived waiter that is never cancelled: a cancelled waiter stays registered
/// in the Durable worker and would swallow the next event. The orchestration continues as new (its history bounded by
/// <see cref="TradeOrchestrationInput.StepsPerGeneration"/>) only in Submitted and Included, the phases that can poll for
/// long (a slow chain, a deep confirmation count) and in which the state machine refuses every external event: an event
/// caught in the handover (Durable's carry-over is preserved where the backend keeps it, the in-memory one does not)
/// could change nothing. Every phase before submission ends within its timeouts, so its history is short anyway.
/// </para>
/// </summary>
[SuppressMessage("Durable", "DURABLE0010", Justification = "_logger is the context's replay-safe logger, made in the constructor; the analyzer only recognises a logger created in the same method.")]
public sealed partial class TradeOrchestration
{
    public const string Name = "TradeOrchestrator";
    public const string EventName = "TradeEvent";
    public const string InstancePrefix = "trade-";

    /// <summary>The Azure Storage backend misfires durable timers shorter than about 1.2 s; this keeps a margin.</summary>
    public static readonly TimeSpan MinimumTimer = TimeSpan.FromSeconds(1.5);

    private static readonly TaskOptions ActivityRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(2), backoffCoefficient: 2));

    private readonly TaskOrchestrationContext _context;
    private readonly TradeOrchestrationInput _input;
    private readonly TradeStateMachine _machine;
    private readonly ILogger _logger;
    private readonly List<Owed> _owed = [];
    private StoredTrade _stored = null!;
    private Task<string>? _pendingEvent;
    private DateTimeOffset? _retryAt;
    private int _steps;

    private TradeOrchestration(TaskOrchestrationContext context, TradeOrchestrationInput input)
    {
        _context = context;
        _input = input;
        _machine = new TradeStateMachine(input.Timings);
        _logger = context.CreateReplaySafeLogger<TradeOrchestration>();
    }

    /// <summary>The instance id of a trade's orchestration: one per trade, so a second start of the same trade is refused.</summary>
    public static string InstanceId(string tradeId) => InstancePrefix + tradeId;

    /// <summary>Runs (or replays) the orchestration; returns the trade's final state.</summary>
    public static Task<string> RunAsync(TaskOrchestrationContext context, TradeOrchestrationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        return new TradeOrchestration(context, input).RunAsync();
    }

    private DateTimeOffset Now => new(DateTime.SpecifyKind(_context.CurrentUtcDateTime, DateTimeKind.Utc));

    private async Task<string> RunAsync()
    {
        if ((_input.Stored?.ToStoredTrade() ?? await LoadAsync()) is not { } stored)
        {
            LogMissing(_logger, _input.TradeId);
            return "missing";
        }
        _stored = stored;
        // The orchestrator runs outside any span: its lines carry the trade's trace id themselves, to sit with the trade's.
        using var traceScope = ActivityContext.TryParse(stored.TraceParent, null, out var trace)
            ? _logger.BeginScope(new Dictionary<string, object> { ["TraceId"] = trace.TraceId.ToHexString() })
            : null;
        _owed.AddRange(_input.Owed.Select(Owed.From));
        while (true)
        {
            await WorkOffAsync();
            _context.SetCustomStatus(_stored.Trade.State.ToString());
            if (_stored.Trade.IsTerminal && _owed.Count == 0) return _stored.Trade.State.ToString();
            if (_steps >= _input.StepsPerGeneration && _stored.Trade.State is TradeState.Submitted or TradeState.Included)
            {
                _context.ContinueAsNew(_input with { Stored = StoredTradeData.From(_stored), Owed = _owed.Select(o => o.ToWork()).ToList() },
                    preserveUnprocessedEvents: true);
                return _stored.Trade.State.ToString();
            }
            await NextFactAsync();
        }
    }

    /// <summary>Performs owed work in order until it is all done or an effect that must not be dropped fails.</summary>
    private async Task WorkOffAsync()
    {
        while (_owed.Count > 0)
        {
            var next = _owed[0];
            _owed.RemoveAt(0);
            if (next.Observed is { } observed)
            {
                _owed.InsertRange(0, await ApplyAsync(observed, observation: true));
                continue;
            }
            var effect = next.Effect!;
            if (await TryRunAsync(effect) is { } events)
            {
                _owed.InsertRange(0, events.Select(e => new Owed(null, e)));
                continue;
            }
            if (!_stored.Trade.IsTerminal && effect is not Notify)
            {
                LogDropped(_logger, _input.TradeId, effect.GetType().Name);
                continue;
            }
            _owed.Insert(0, next);
            _retryAt = Now + _machine.Timings.RetryAfter;
            LogOwed(_logger, _input.TradeId, effect.GetType().Name, _retryAt.Value);
            return;
        }
        _retryAt = null;
    }

    /// <summary>
    /// Waits for the next fact: an external event, the trade's due time (then applies <see cref="Tick"/>), or the retry
    /// time of owed work. Never waits on a timer shorter than <see cref="MinimumTimer"/>.
    /// </summary>
    private async Task NextFactAsync()
    {
        _pendingEvent ??= _context.WaitForExternalEvent<string>(EventName);
        DateTimeOffset? wake = _stored.Trade.IsTerminal ? null : _stored.Trade.DueAt;
        if (_retryAt is { } retry && (wake is null || retry < wake)) wake = retry;
        if (!_pendingEvent.IsCompleted && wake is { } at)
        {
            var fireAt = at > Now + MinimumTimer ? at : Now + MinimumTimer;
            using var timerCancellation = new CancellationTokenSource();
            var timer = _context.CreateTimer(fireAt.UtcDateTime, timerCancellation.Token);
            _steps++;
            if (await Task.WhenAny(_pendingEvent, timer) == timer)
            {
                if (!_stored.Trade.IsTerminal && _stored.Trade.DueAt <= Now) _owed.AddRange(await ApplyAsync(new Tick(), observation: false));
                return;
            }
            // Synchronously: an orchestrator may only await durable tasks (CancelAsync would resume off the orchestration's thread).
            timerCancellation.Cancel();
        }
        var payload = await _pendingEvent;
        _pendingEvent = null;
        TradeEvent evt;
        try
        {
            evt = TradeWire.DecodeEvent(payload);
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or NotSupportedException)
        {
            LogUnreadableEvent(_logger, _input.TradeId, ex.Message);
            return;
        }
        _owed.AddRange(await ApplyAsync(evt, observation: false));
    }

    /// <summary>
    /// Applies one fact and stores the step when it records something; returns the step's effects as owed work in the
    /// order of <see cref="RunOrder"/>. An <paramref name="observation"/> that records nothing (the same head, no receipt yet) is
    /// not applied at all: the trade's due time already brings the next look.
    /// </summary>
    private async Task<IReadOnlyList<Owed>> ApplyAsync(TradeEvent evt, bool observation)
    {
        TradeStep step;
        try
        {
            step = _machine.Apply(_stored.Trade, evt, Now);
        }
        catch (ArgumentException ex) when (!observation)
        {
            // A malformed event from outside (a raiser's bug) must not end the trade.
            LogUnreadableEvent(_logger, _input.TradeId, ex.Message);
            return [];
        }
        if (step.Rejection is { } rejection)
        {
            LogRefused(_logger, _input.TradeId, evt.GetType().Name, rejection);
            return [];
        }
        if (observation && step.Entry is null) return [];
        _stored = step.Entry is { } entry ? await SaveAsync(step.Trade, entry) : _stored with { Trade = step.Trade };
        return step.Effects.OrderBy(RunOrder).Select(e => new Owed(e, null)).ToList();
    }

    /// <summary>
    /// The books before the chat, so a trader who reads "Filled" and asks /positions at once finds the fill; then the
    /// chat before chain work, which may take seconds. Within a rank, the machine's order stands (the sort is stable).
    /// </summary>
    private static int RunOrder(TradeEffect effect) => effect switch
    {
        Settle => 0,
        Notify => 1,
        _ => 2,
    };

    private async Task<IReadOnlyList<TradeEvent>?> TryRunAsync(TradeEffect effect)
    {
        _steps++;
        try
        {
            var observed = await _context.CallActivityAsync<IReadOnlyList<string>>(RunTradeEffectActivity.Name,
                new RunTradeEffectInput(StoredTradeData.From(_stored), TradeWire.Encode(effect)), ActivityRetry);
            return observed.Select(TradeWire.DecodeEvent).ToList();
        }
        catch (TaskFailedException ex)
        {
            LogEffectFailed(_logger, _input.TradeId, effect.GetType().Name, ex.FailureDetails.ErrorMessage);
            return null;
        }
    }

    private Task<StoredTrade> SaveAsync(Trade trade, TradeHistoryEntry entry) =>
        UntilDoneAsync($"save step {entry.Sequence}", async () =>
        {
            var saved = await _context.CallActivityAsync<StoredTradeData>(SaveTradeStepActivity.Name,
                new SaveTradeStepInput(StoredTradeData.From(_stored), TradeWire.Encode(trade), TradeWire.Encode(entry)), ActivityRetry);
            return saved.ToStoredTrade();
        });

    private async Task<StoredTrade?> LoadAsync() =>
        (await UntilDoneAsync("load", () => _context.CallActivityAsync<StoredTradeData?>(LoadTradeActivity.Name, _input.TradeId, ActivityRetry)))?.ToStoredTrade();

    /// <summary>Storage work the trade cannot go on without: retried after a durable wait until it succeeds.</summary>
    [SuppressMessage("Durable", "DURABLE0011", Justification = "A retry loop that ends with the call's first success; it only spins through a storage outage, one activity and one timer per round.")]
    private async Task<T> UntilDoneAsync<T>(string what, Func<Task<T>> call)
    {
        while (true)
        {
            _steps++;
            try
            {
                return await call();
            }
            catch (TaskFailedException ex)
            {
                LogStorageFailed(_logger, _input.TradeId, what, ex.FailureDetails.ErrorMessage);
            }
            await _context.CreateTimer((Now + _machine.Timings.RetryAfter).UtcDateTime, CancellationToken.None);
        }
    }

    /// <summary>An owed piece of work: an effect to perform or an observed event to apply.</summary>
    private sealed record Owed(TradeEffect? Effect, TradeEvent? Observed)
    {
        public static Owed From(TradeWork work) =>
            work.Effect is { } effect ? new Owed(TradeWire.DecodeEffect(effect), null) : new Owed(null, TradeWire.DecodeEvent(work.Observation!));

        public TradeWork ToWork() =>
            Effect is { } effect ? new TradeWork(TradeWire.Encode(effect), null) : new TradeWork(null, TradeWire.Encode(Observed!));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Trade {TradeId}: no stored trade to orchestrate")]
    private static partial void LogMissing(ILogger logger, string tradeId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trade {TradeId}: {Event} not applied: {Reason}")]
    private static partial void LogRefused(ILogger logger, string tradeId, string @event, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trade {TradeId}: an external event was unreadable and is ignored: {Error}")]
    private static partial void LogUnreadableEvent(ILogger logger, string tradeId, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trade {TradeId}: {Effect} failed after its retries: {Error}")]
    private static partial void LogEffectFailed(ILogger logger, string tradeId, string effect, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Trade {TradeId}: {Effect} left to the next tick, which re-issues it")]
    private static partial void LogDropped(ILogger logger, string tradeId, string effect);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trade {TradeId}: {Effect} stays owed; retrying at {RetryAt}")]
    private static partial void LogOwed(ILogger logger, string tradeId, string effect, DateTimeOffset retryAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Trade {TradeId}: could not {What} ({Error}); retrying after a wait")]
    private static partial void LogStorageFailed(ILogger logger, string tradeId, string what, string error);
}
