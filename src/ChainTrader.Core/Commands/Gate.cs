namespace ChainTrader.Core.Commands;

/// <summary>The shared runtime switches every trade is checked against.</summary>
public enum Gate { ExecutionMode, EmergencyStop, MaintenanceMode }
