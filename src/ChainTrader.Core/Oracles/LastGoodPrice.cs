namespace ChainTrader.Core.Oracles;

/// <summary>The last price that passed every rule; shown as stale (never used) while the symbol is not usable.</summary>
public sealed record LastGoodPrice(decimal Price, DateTimeOffset At, IReadOnlyList<string> Sources);
