using ChainTrader.Core.Trades;

namespace ChainTrader.Core.Risk;

/// <summary>
/// The shared runtime switches as read for this decision. <see cref="Mode"/> is null when the gate could not be read;
/// the engine then fails closed.
/// </summary>
public sealed record GateState(ExecutionMode? Mode, bool EmergencyStop, bool MaintenanceMode);
