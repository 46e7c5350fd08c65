using ChainTrader.Core.Risk;
using ChainTrader.Core.Trades;
using static ChainTrader.UnitTests.Risk.RiskFixtures;

namespace ChainTrader.UnitTests.Risk;

public class RiskLimitsAndSummaryTests
{
    [Fact]
    public void Defaults_are_the_conservative_profile_and_valid()
    {
        var l = new RiskLimits();
        Assert.Empty(l.Problems());
        Assert.Equal((5, 50, 10_000m), (l.MaxOpensPerMinute, l.MaxUserTradesPerDay, l.MaxUserVolumePerHourUsd));
        Assert.Equal((15, 5, 180d, 900d), (l.MaxTradesPerDay, l.MaxTradesPerHour, l.MinTimeBetweenTrades.TotalSeconds, l.MinTimeBetweenSameSymbol.TotalSeconds));
        Assert.Equal((25m, 5, 3m, 100_000m), (l.MaxTotalAtRiskPercentOfNav, l.MaxOpenPositions, l.MaxPositionPercentOfNav, l.MaxPositionUsd));
        Assert.Equal((3m, 7m, 10m), (l.DailyStopLossPercent, l.WeeklyStopLossPercent, l.MaxDrawdownPercent));
        Assert.Equal((5m, 10m, 20m), (l.MinLiquidationBufferPercent, l.MaxAccountRiskPerPositionPercent, l.MaxDailyLossPercentLeveraged));
        Assert.Same(l, l.EnsureValid());
    }

    [Fact]
    public void Every_unsafe_or_contradictory_value_is_listed()
    {
        var bad = new RiskLimits
        {
            MaxOpensPerMinute = 0,
            MaxPositionPercentOfNav = 30m,            // above the 25 % total
            DailyStopLossPercent = 8m,                // not below the weekly 7 %
            MaxSlippageBps = 900,                     // > 5 %
            MaxTradesPerHour = 20,                    // above 15/day
            MinTimeBetweenSameSymbol = TimeSpan.FromSeconds(60),
            MaxLeverage = 0.5m,
        };
        var problems = bad.Problems();
        Assert.Equal(8, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("Risk:MaxOpensPerMinute must be greater than 0"));
        Assert.Contains(problems, p => p.StartsWith("Risk:MaxPositionPercentOfNav (30 %) exceeds MaxTotalAtRiskPercentOfNav"));
        Assert.Contains(problems, p => p.StartsWith("Risk:MaxOpenPositions × MaxPositionPercentOfNav (5 × 30 %)"));
        Assert.Contains(problems, p => p.StartsWith("Risk:DailyStopLossPercent (8 %) must be below WeeklyStopLossPercent (7 %)"));
        Assert.Contains(problems, p => p.StartsWith("Risk:MaxSlippageBps must be in (0, 500]"));
        Assert.Contains(problems, p => p.StartsWith("Risk:MaxTradesPerHour (20) exceeds MaxTradesPerDay (15)"));
        Assert.Contains(problems, p => p.StartsWith("Risk:MinTimeBetweenSameSymbol (60 s) is shorter"));
        Assert.Contains(problems, p => p.StartsWith("Risk:MaxLeverage must be at least 1"));
        var thrown = Assert.Throws<InvalidOperationException>(() => bad.EnsureValid());
        Assert.All(problems, p => Assert.Contains(p, thrown.Message));
    }

    [Fact]
    public void Summary_shows_limits_usage_and_breakers()
    {
        var portfolio = new PortfolioSnapshot(96_000m, [new("ETH", 2_000m), new("BTC", 3_000m)], 100_000m, 100_000m, 100_000m);
        var trades = new[] { new TradeMark(Now.AddSeconds(-42), "ETH", 2_000m), new TradeMark(Now.AddHours(-3), "BTC", 3_000m) };
        var text = RiskSummary.Render(Limits, portfolio, trades, new GateState(ExecutionMode.Paper, false, false), Now);
        Assert.Contains("Gates: mode Paper, emergency stop off, maintenance off", text);
        Assert.Contains("at risk $5,000.00 = 5.2083 % of NAV / max 25 %", text);
        Assert.Contains("open positions 2 / max 5", text);
        Assert.Contains("largest position BTC $3,000.00", text);
        Assert.Contains("trades in 24 h 2 / max 15", text);
        Assert.Contains("trades in 1 h 1 / max 5", text);
        Assert.Contains("last trade 42 s ago / min gap 180 s, same symbol 900 s", text);
        Assert.Contains("daily PnL -$4,000.00 (-4 %) / stop -3 %: TRIPPED", text);
        Assert.Contains("weekly PnL -$4,000.00 (-4 %) / stop -7 %: ok", text);
        Assert.Contains("drawdown 4 % / max 10 %: ok", text);
    }

    [Fact]
    public void Summary_on_an_empty_book_with_unreadable_gates()
    {
        var text = RiskSummary.Render(Limits, Portfolio, [], new GateState(null, true, false), Now);
        Assert.Contains("mode unknown, emergency stop ON", text);
        Assert.Contains("last trade none", text);
        Assert.Contains("per position max 3 % of NAV and $100,000.00", text);
    }
}
