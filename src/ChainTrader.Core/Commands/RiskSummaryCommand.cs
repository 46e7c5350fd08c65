namespace ChainTrader.Core.Commands;
public sealed record RiskSummaryCommand() : ChatCommand("risk_summary");
