namespace ChainTrader.Core.Commands;

public enum PnlPeriod { Day, Week, Month, All }
