using ChainTrader.Core.Trades;

namespace ChainTrader.Application.Trades;

/// <summary>An open trade its orchestration no longer moves, and why it is judged so (see <see cref="OverdueTrades"/>).</summary>
public sealed record OverdueTrade(string TradeId, TradeState State, string Reason);
