namespace ChainTrader.Core.Trades;

/// <summary>
/// The trade's nonce cannot be mined: the node's pending count is not past it and healing could not fill the gap below.
/// <paramref name="Since"/> is when the shell first saw it (a submitted trade fails a mine timeout later); <paramref name="Reason"/>
/// is what holds the gap, as the failure and the admin alert state it.
/// </summary>
public sealed record NonceBlock(DateTimeOffset Since, string Reason);
