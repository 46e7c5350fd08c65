using ChainTrader.Core.Commands;

namespace ChainTrader.Application.Gates;

/// <summary>
/// The shared runtime switches (execution mode, emergency stop, maintenance mode). The risk engine calls
/// <see cref="CurrentAsync"/> before every trade; admin commands call <see cref="ApplyAsync"/>.
/// </summary>
public interface IRuntimeGates
{
    /// <summary>
    /// The gates as of at most one poll interval ago (GATES_POLL_INTERVAL_S), so every instance sees a change within one
    /// poll. Throws when storage cannot be read and no fresh copy exists: callers must fail closed.
    /// </summary>
    Task<RuntimeGateSnapshot> CurrentAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Sets one gate, keyed by its cause (e.g. "update:123"): re-running the same cause changes nothing and reports
    /// the original before/after. Authorisation is the caller's job (<see cref="GateRules"/>).
    /// </summary>
    Task<GateChangeResult> ApplyAsync(GateChange change, long actorUserId, string cause, string? reason, CancellationToken cancellationToken);
}
