namespace ChainTrader.Core.Risk;

/// <summary>
/// Recent activity, newest or oldest first (order does not matter). <see cref="UserOpens"/> are this user's earlier
/// trade opens (every /buy, /sell, /swap, whatever became of it) and do not include the request being checked;
/// <see cref="UserTrades"/> are this user's confirmed trades; <see cref="DeskTrades"/> are every confirmed trade on
/// the desk's portfolio (pacing is the portfolio's). Entries older than a day may be left out.
/// </summary>
public sealed record TradingActivity(
    IReadOnlyList<DateTimeOffset> UserOpens,
    IReadOnlyList<TradeMark> UserTrades,
    IReadOnlyList<TradeMark> DeskTrades)
{
    public static TradingActivity None { get; } = new([], [], []);
}
