using System.Collections.Concurrent;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Trades;
using Microsoft.DurableTask;

namespace ChainTrader.Tests.Trades;

/// <summary>
/// The trade orchestration's three activities over an in-memory trade row, recording every call: saves follow the
/// real activity's rule (a step at or below the stored sequence is a re-run and returns what is stored), and effects are
/// answered by a scripted chain (the <c>world</c> function: effect, trade, how many times this kind of effect ran), optionally failing a given number of times first.
/// Registers the real <see cref="TradeOrchestration"/> beside them.
/// </summary>
internal sealed class RecordingTradeActivities(StoredTrade opened, Func<TradeEffect, Trade, int, IReadOnlyList<TradeEvent>> world)
{
    private readonly Lock _gate = new();
    private readonly List<(Func<Trade, bool> Condition, TaskCompletionSource<Trade> Signal)> _waiters = [];
    private readonly ConcurrentDictionary<string, int> _failuresLeft = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _runs = new(StringComparer.Ordinal);
    private StoredTrade _stored = opened;
    private int _etag = 1;

    /// <summary>Every effect run (its type name, each attempt) and every save (its sequence), in call order.</summary>
    public ConcurrentQueue<string> Calls { get; } = new();

    /// <summary>The history entries stored, in order.</summary>
    public List<TradeHistoryEntry> Entries { get; } = [];

    public Trade Stored
    {
        get
        {
            lock (_gate) return _stored.Trade;
        }
    }

    /// <summary>Makes the next <paramref name="times"/> runs of effects of type <typeparamref name="T"/> throw.</summary>
    public void Fail<T>(int times) where T : TradeEffect => _failuresLeft[typeof(T).Name] = times;

    public int Runs<T>() where T : TradeEffect => Calls.Count(c => c == "run:" + typeof(T).Name);

    /// <summary>Completes when the stored trade (now or after a later save) satisfies <paramref name="condition"/>.</summary>
    public Task<Trade> WhenStored(Func<Trade, bool> condition)
    {
        lock (_gate)
        {
            if (condition(_stored.Trade)) return Task.FromResult(_stored.Trade);
            var signal = new TaskCompletionSource<Trade>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((condition, signal));
            return signal.Task;
        }
    }

    public void Register(DurableTaskRegistry registry)
    {
        registry.AddOrchestratorFunc<TradeOrchestrationInput, string>(TradeOrchestration.Name, (context, input) => TradeOrchestration.RunAsync(context, input));
        registry.AddActivityFunc<string, StoredTradeData?>(LoadTradeActivity.Name, (_, tradeId) =>
        {
            Calls.Enqueue("load");
            lock (_gate) return Task.FromResult(_stored.Trade.Id == tradeId ? StoredTradeData.From(_stored) : null);
        });
        registry.AddActivityFunc<SaveTradeStepInput, StoredTradeData>(SaveTradeStepActivity.Name, (_, input) => Task.FromResult(Save(input)));
        registry.AddActivityFunc<RunTradeEffectInput, List<string>>(RunTradeEffectActivity.Name, (_, input) => Task.FromResult(Run(input)));
    }

    private StoredTradeData Save(SaveTradeStepInput input)
    {
        var trade = TradeWire.DecodeTrade(input.Trade);
        var entry = TradeWire.DecodeEntry(input.Entry);
        Calls.Enqueue("save:" + entry.Sequence);
        lock (_gate)
        {
            if (_stored.Trade.Sequence >= entry.Sequence) return StoredTradeData.From(_stored);
            Assert.Equal(_stored.Trade.Sequence + 1, entry.Sequence);
            _stored = _stored with { Trade = trade, ETag = "etag-" + ++_etag };
            Entries.Add(entry);
            foreach (var waiter in _waiters.Where(w => w.Condition(trade)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Signal.TrySetResult(trade);
            }
            return StoredTradeData.From(_stored);
        }
    }

    private List<string> Run(RunTradeEffectInput input)
    {
        var effect = TradeWire.DecodeEffect(input.Effect);
        var name = effect.GetType().Name;
        Calls.Enqueue("run:" + name);
        if (_failuresLeft.TryGetValue(name, out var left) && left > 0)
        {
            _failuresLeft[name] = left - 1;
            throw new InvalidOperationException($"{name} failed on purpose ({left} failures left before this one)");
        }
        var run = _runs.AddOrUpdate(name, 1, (_, n) => n + 1);
        return world(effect, input.Stored.ToStoredTrade().Trade, run).Select(TradeWire.Encode).ToList();
    }
}
