using ChainTrader.Application.Trades;

namespace ChainTrader.UnitTests.Trades;

public class EmergencyStopOutcomeTests
{
    [Fact]
    public void TheSummaryCountsCancelledAndMonitoredTradesAlways()
    {
        Assert.Equal("0 trade(s) not yet submitted were cancelled; 0 submitted trade(s) are still monitored.",
            new EmergencyStopOutcome(0, 0, 0, 0).Summary());
    }

    [Fact]
    public void TheSummaryNamesTradesThatEndedOtherwiseOrHaveNotConfirmedTheStop()
    {
        Assert.Equal("2 trade(s) not yet submitted were cancelled; 1 submitted trade(s) are still monitored. " +
                     "1 trade(s) ended otherwise before the stop reached them. " +
                     "3 trade(s) have not confirmed the stop yet; their traders are told how each ends.",
            new EmergencyStopOutcome(2, 1, 1, 3).Summary());
    }
}
