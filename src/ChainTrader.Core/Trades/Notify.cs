namespace ChainTrader.Core.Trades;

/// <summary>
/// Tell the trader. <see cref="DedupeKey"/> follows <c>trade:{trade}[:{tx}]:{type}</c>; <see cref="EditOf"/>
/// is the quote message to edit (null before one exists). <see cref="Detail"/> is the variable part (reason, n/N).
/// </summary>
public sealed record Notify(TradeNotificationKind Kind, string DedupeKey, string? EditOf, string? Detail) : TradeEffect;
