using ChainTrader.Core.Commands;
using ChainTrader.Core.Risk;
using ChainTrader.Application.Gates;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Operations;

namespace ChainTrader.Tests.Operations;

/// <summary>Runtime gates held in memory: the kill switch is whatever the test sets.</summary>
internal sealed class SettableGates(TimeProvider clock) : IRuntimeGates
{
    public bool EmergencyStop { get; set; }

    public Task<RuntimeGateSnapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        var details = new Dictionary<Gate, StoredGate>
        {
            [Gate.ExecutionMode] = new("DRY_RUN", null, null, null),
            [Gate.EmergencyStop] = EmergencyStop ? new("true", 2002, clock.GetUtcNow(), "oracle looks wrong") : new("false", 3003, clock.GetUtcNow(), null),
            [Gate.MaintenanceMode] = new("false", null, null, null),
        };
        return Task.FromResult(new RuntimeGateSnapshot(ExecutionMode.DryRun, EmergencyStop, false, clock.GetUtcNow(), details));
    }

    public Task<GateChangeResult> ApplyAsync(GateChange change, long actorUserId, string cause, string? reason, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("The alert monitor never changes a gate.");
}

/// <summary>The trade ledger's book as the test sets it (null: no ledger yet).</summary>
internal sealed class SettablePortfolio : IPortfolioSource
{
    public PortfolioSnapshot? Snapshot { get; set; } = Healthy;

    public static PortfolioSnapshot Healthy { get; } = new(100_000m, [], 100_000m, 100_000m, 100_000m);

    public Task<PortfolioSnapshot?> CurrentAsync(CancellationToken cancellationToken) => Task.FromResult(Snapshot);
}

/// <summary>The oracle's verdicts as the test sets them.</summary>
internal sealed class SettableUniverse(TimeProvider clock) : ITradableUniverseSource
{
    public bool Empty { get; set; }

    public Task<TradableUniverse?> CurrentAsync(CancellationToken cancellationToken) => Task.FromResult<TradableUniverse?>(Empty
        ? new TradableUniverse([], [new("ETH", "chainlink ETH/USD age 95 s > max 30 s"), new("BTC", "only 1 source passed, 2 required")], clock.GetUtcNow())
        : new TradableUniverse(["BTC", "ETH"], [], clock.GetUtcNow()));
}
