namespace ChainTrader.Application.Trades;

/// <summary>
/// What the emergency stop did, as the stored trades show it after the stop: trades cancelled, trades past submission
/// that keep being monitored, trades that ended otherwise before the stop reached them (filled, expired), and trades that
/// had not shown any of these when the desk stopped waiting.
/// </summary>
public sealed record EmergencyStopOutcome(int Cancelled, int StillMonitored, int EndedOtherwise, int StillStopping)
{
    /// <summary>The sentence for the admin's reply.</summary>
    public string Summary()
    {
        var text = $"{Cancelled} trade(s) not yet submitted were cancelled; {StillMonitored} submitted trade(s) are still monitored.";
        if (EndedOtherwise > 0) text += $" {EndedOtherwise} trade(s) ended otherwise before the stop reached them.";
        if (StillStopping > 0) text += $" {StillStopping} trade(s) have not confirmed the stop yet; their traders are told how each ends.";
        return text;
    }
}
