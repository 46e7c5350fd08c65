using ChainTrader.Core.Trades;

namespace ChainTrader.Core.Commands;

/// <summary>A requested change of one gate, with the value as stored ("DRY_RUN", "true", ...).</summary>
public sealed record GateChange(Gate Gate, string Value)
{
    public static GateChange Mode(ExecutionMode mode) => new(Gate.ExecutionMode, mode.ToSettingValue());
    public static GateChange EmergencyStop(bool on) => new(Gate.EmergencyStop, on ? "true" : "false");
    public static GateChange Maintenance(bool on) => new(Gate.MaintenanceMode, on ? "true" : "false");
}
