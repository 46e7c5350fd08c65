namespace ChainTrader.Application.Operations;

/// <summary>The oracle's latest verdicts: which configured symbols can be traded now.</summary>
public sealed record TradableUniverse(IReadOnlyList<string> Tradable, IReadOnlyList<UntradableSymbol> Untradable, DateTimeOffset AssessedAt);
