namespace ChainTrader.Core.Trades;

/// <summary>
/// Where a trade is. Side exits: Rejected (risk or re-price), Expired (no confirmation in time), Cancelled (by the
/// trader or an emergency stop), Failed (reverted, not mined, broadcast refused). Final is SPEC's "Confirmed-final";
/// Simulated is the end of a DRY_RUN trade (signed and simulated with eth_call, never broadcast).
/// "Replaced" (fee bump) and "Reorged" are not states: they happen to the transaction while the trade stays in
/// Submitted, and appear in the history.
/// </summary>
public enum TradeState
{
    Requested, RiskChecked, AwaitingConfirmation, Confirmed, Submitted, Included,
    Final, Simulated, Rejected, Expired, Cancelled, Failed,
}
