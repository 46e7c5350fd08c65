namespace ChainTrader.Core.Oracles;

/// <summary>The symbol given is not one ChainTrader prices; the message lists the supported ones.</summary>
public sealed class UnsupportedSymbolException(string message) : ArgumentException(message);
