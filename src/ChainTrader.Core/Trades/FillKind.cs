namespace ChainTrader.Core.Trades;

public enum FillKind { Chain, Paper, GasOnly }
