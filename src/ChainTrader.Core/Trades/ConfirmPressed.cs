using ChainTrader.Core.Risk;

namespace ChainTrader.Core.Trades;

/// <summary>A Confirm button press on <see cref="MessageKey"/>, with the runtime gates read at that moment.</summary>
public sealed record ConfirmPressed(long ByUserId, string MessageKey, GateState Gates) : TradeEvent;
