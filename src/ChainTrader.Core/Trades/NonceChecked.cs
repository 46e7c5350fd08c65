namespace ChainTrader.Core.Trades;

/// <summary>
/// The shell looked at whether the nonce the trade waits on (its approval's while confirmed, its swap's once submitted) can be
/// mined, after healing gaps: <paramref name="BlockedReason"/> says why not, or is null when it can (again).
/// </summary>
public sealed record NonceChecked(string? BlockedReason) : TradeEvent;
