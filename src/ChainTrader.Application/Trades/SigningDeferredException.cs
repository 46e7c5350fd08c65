namespace ChainTrader.Application.Trades;

/// <summary>Signing cannot safely happen now; the trade's next retry tries again.</summary>
public sealed class SigningDeferredException(string message) : Exception(message);
