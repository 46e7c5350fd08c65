namespace ChainTrader.Core.Trades;

/// <summary>
/// The shell looked at whether the nonce a submitted trade's swap waits on can be mined, after healing gaps:
/// <paramref name="BlockedReason"/> says why not, or is null when it can (again).
/// </summary>
public sealed record NonceChecked(string? BlockedReason) : TradeEvent;
