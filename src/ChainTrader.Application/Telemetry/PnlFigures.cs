namespace ChainTrader.Application.Telemetry;

/// <summary>Realized profit and loss over one period, in USD and in percent of the period's starting NAV.</summary>
public readonly record struct PnlFigures(decimal Usd, decimal Percent);
