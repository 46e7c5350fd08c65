namespace ChainTrader.Core.Commands;
public sealed record PnlCommand(PnlPeriod Period) : ChatCommand("pnl");
