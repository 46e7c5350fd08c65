using System.Collections.Concurrent;

namespace ChainTrader.Tests.Hosting.Durable;

/// <summary>
/// What the probe activities did, as a real side-effecting activity would record it: runs counted per call, effects kept
/// once per key (the idempotence an activity needs when it is delivered twice).
/// </summary>
public sealed class ProbeLog(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string, string), int> _runs = new();
    private readonly ConcurrentDictionary<(string, string), DateTimeOffset> _effects = new();
    private readonly ConcurrentQueue<string> _hubs = new();

    public int Runs(string instanceId, string label) => _runs.GetValueOrDefault((instanceId, label));
    public int Effects(string instanceId) => _effects.Keys.Count(k => k.Item1 == instanceId);
    public DateTimeOffset? EffectAt(string instanceId, string label) => _effects.TryGetValue((instanceId, label), out var at) ? at : null;

    /// <summary>Records a run and its effect; returns the run number (1 = first delivery).</summary>
    public int Record(ProbeStep step)
    {
        _effects.TryAdd((step.InstanceId, step.Label), time.GetUtcNow());
        return _runs.AddOrUpdate((step.InstanceId, step.Label), 1, (_, n) => n + 1);
    }

    public IReadOnlyCollection<string> Hubs => _hubs;
    public void RecordHub(string hub) => _hubs.Enqueue(hub);
}
