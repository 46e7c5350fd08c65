namespace ChainTrader.Application.Trades;

/// <summary>
/// One piece of a trade's owed work, carried over a ContinueAsNew: an effect still to perform, or an event an effect
/// observed that is still to be applied (exactly one is set; both as TradeJson text).
/// </summary>
public sealed record TradeWork(string? Effect, string? Observation);
