using ChainTrader.Core.Risk;

namespace ChainTrader.Core.Trades;

/// <summary>
/// A Confirm button press on <see cref="MessageKey"/>, with the runtime gates read at that moment. The quote's expiry is
/// judged at <see cref="PressedAt"/> (null: now), not when the trade gets to apply the press: a press made in time and
/// acknowledged to the trader still counts when a restart delays it past the expiry.
/// </summary>
public sealed record ConfirmPressed(long ByUserId, string MessageKey, GateState Gates, DateTimeOffset? PressedAt = null) : TradeEvent;
