using ChainTrader.Core.Commands;
using ChainTrader.Core.Risk;
using ChainTrader.Core.Trades;

namespace ChainTrader.Application.Gates;

/// <summary>The runtime gates as one instance last read them.</summary>
public sealed record RuntimeGateSnapshot(
    ExecutionMode Mode,
    bool EmergencyStop,
    bool MaintenanceMode,
    DateTimeOffset ReadAt,
    IReadOnlyDictionary<Gate, StoredGate> Details)
{
    /// <summary>True while no new trade may open.</summary>
    public bool TradingHalted => EmergencyStop || MaintenanceMode;

    /// <summary>The gates as the risk engine's <see cref="RiskContext"/> takes them.</summary>
    public Core.Risk.GateState ForRisk() => new(Mode, EmergencyStop, MaintenanceMode);
}
