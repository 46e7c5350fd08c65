using System.Numerics;
using ChainTrader.Core.Risk;
using ChainTrader.Core.Trades;
using static ChainTrader.TestSupport.TradeFixtures;

namespace ChainTrader.UnitTests.Trades;

public class LedgerTests
{
    private static readonly Dictionary<string, decimal> Prices = new() { ["WETH"] = 2000m, ["WBTC"] = 60_000m };

    private static Fill Buy(string id, decimal qty, decimal usd, decimal gasUsd = 0m, string symbol = "WETH")
        => new(id, symbol, TradeSide.Buy, qty, usd, usd, 0m, gasUsd, FillKind.Chain, null, T0);

    private static Fill Sell(string id, decimal qty, decimal usd, string symbol = "WETH")
        => new(id, symbol, TradeSide.Sell, qty, usd, usd, 0m, 0m, FillKind.Chain, null, T0);

    [Fact]
    public void Paper_and_live_keep_their_own_books_and_a_dry_run_rehearses_live()
    {
        Assert.Equal(ExecutionMode.Paper, Ledger.BookOf(ExecutionMode.Paper));
        Assert.Equal(ExecutionMode.Live, Ledger.BookOf(ExecutionMode.Live));
        Assert.Equal(ExecutionMode.Live, Ledger.BookOf(ExecutionMode.DryRun));
        Assert.Equal(ExecutionMode.Paper, Ledger.BookOf(Buy("p", 1m, 2000m) with { Kind = FillKind.Paper }));
        Assert.Equal(ExecutionMode.Live, Ledger.BookOf(Buy("c", 1m, 2000m)));
        Assert.Equal(ExecutionMode.Live, Ledger.BookOf(Buy("g", 0m, 0m, gasUsd: 1m) with { Kind = FillKind.GasOnly }));

        var book = Ledger.Settle(Ledger.Open(10_000m, T0), Buy("b1", 0.75m, 1500m)).Ledger;
        Assert.Equal(0.75m, Ledger.Held(book, "weth"));
        Assert.Equal(0m, Ledger.Held(book, "WBTC"));
    }

    [Fact]
    public void Fill_comes_from_the_receipt_deltas_not_the_quote()
    {
        var fill = Ledger.FillFromReceipt(TradeId, Intent, Receipt("0xaa"), 1m, 2500m, T0);
        Assert.Equal((0.4991m, 1000m, 1000m), (fill.BaseQuantity, fill.QuoteAmount, fill.QuoteUsd));
        Assert.Equal(0.003m, fill.GasNative);               // 150,000 × 20 gwei
        Assert.Equal(7.5m, fill.GasUsd);
        Assert.Equal(1000m / 0.4991m, fill.PriceUsd);

        var sellIntent = Intent with { Side = TradeSide.Sell, AmountIn = 0.5m };
        var sold = Ledger.FillFromReceipt(TradeId, sellIntent, Receipt("0xbb") with { TokenInDelta = -BigInteger.Parse("500000000000000000"), TokenOutDelta = 1_002_500_000 }, 0.9999m, 2500m, T0);
        Assert.Equal((0.5m, 1002.5m, 1002.39975m), (sold.BaseQuantity, sold.QuoteAmount, sold.QuoteUsd));
    }

    [Fact]
    public void Receipts_that_are_not_a_swap_are_refused_with_the_numbers()
    {
        var ex = Assert.Throws<ArgumentException>(() => Ledger.FillFromReceipt(TradeId, Intent, Receipt("0xaa") with { TokenInDelta = 5 }, 1m, 2000m, T0));
        Assert.Contains("USDC 5 (must be negative)", ex.Message);
        var reverted = Ledger.FillFromReceipt(TradeId, Intent, Receipt("0xaa", succeeded: false), 1m, 2000m, T0);
        Assert.Equal((FillKind.GasOnly, 0m, 6m), (reverted.Kind, reverted.BaseQuantity, reverted.GasUsd));
    }

    [Fact]
    public void Average_entry_realised_and_unrealised_pnl()
    {
        var ledger = Ledger.Open(10_000m, T0);
        ledger = Ledger.Settle(ledger, Buy("a", 1m, 1800m, gasUsd: 5m)).Ledger;
        ledger = Ledger.Settle(ledger, Buy("b", 1m, 2200m, gasUsd: 5m)).Ledger;
        var position = Assert.Single(ledger.Positions);
        Assert.Equal((2m, 4000m, 2000m), (position.Quantity, position.CostUsd, position.AverageEntryUsd));
        Assert.Equal(5990m, ledger.CashUsd);
        Assert.Equal(10m, ledger.GasSpentUsd);

        var valued = Assert.Single(Ledger.Value(ledger, new Dictionary<string, decimal> { ["weth"] = 2100m }));
        Assert.Equal((4200m, 200m), (valued.ValueUsd, valued.UnrealisedPnlUsd));

        var sold = Ledger.Settle(ledger, Sell("c", 0.5m, 1250m));
        Assert.Equal(250m, sold.RealisedPnlUsd);      // 1,250 − 0.5 × 2,000
        Assert.Equal(250m, sold.Ledger.RealisedPnlUsd);
        Assert.Equal((1.5m, 3000m, 2000m), (sold.Ledger.Positions[0].Quantity, sold.Ledger.Positions[0].CostUsd, sold.Ledger.Positions[0].AverageEntryUsd));
        Assert.Equal(7240m, sold.Ledger.CashUsd);
        Assert.Equal(7240m + 1.5m * 2000m, Ledger.Nav(sold.Ledger, Prices));

        var closed = Ledger.Settle(sold.Ledger, Sell("d", 1.5m, 2700m));
        Assert.Equal(-300m, closed.RealisedPnlUsd);
        Assert.Empty(closed.Ledger.Positions);
        Assert.Equal(-50m, closed.Ledger.RealisedPnlUsd);
    }

    [Fact]
    public void A_trade_settles_once()
    {
        var once = Ledger.Settle(Ledger.Open(5000m, T0), Buy("a", 1m, 2000m));
        var twice = Ledger.Settle(once.Ledger, Buy("a", 1m, 2000m));
        Assert.False(twice.Applied);
        Assert.Same(once.Ledger, twice.Ledger);
        Assert.Equal("trade a is already settled", twice.Note);
    }

    [Fact]
    public void Selling_more_than_the_book_holds_takes_the_excess_at_zero_cost()
    {
        var ledger = Ledger.Settle(Ledger.Open(0m, T0), Buy("a", 1m, 2000m)).Ledger;
        var sold = Ledger.Settle(ledger, Sell("b", 1.5m, 3000m));
        Assert.Equal(1000m, sold.RealisedPnlUsd);
        Assert.Empty(sold.Ledger.Positions);
        Assert.Contains("0.5 more than the book held", sold.Note);
    }

    [Fact]
    public void Gas_only_fills_charge_gas_and_move_no_tokens()
    {
        var result = Ledger.Settle(Ledger.Open(100m, T0), new Fill("r", "WETH", TradeSide.Buy, 0m, 0m, 0m, 0.003m, 6m, FillKind.GasOnly, "0xaa", T0));
        Assert.Equal((94m, 6m, 0.003m), (result.Ledger.CashUsd, result.Ledger.GasSpentUsd, result.Ledger.GasSpentNative));
        Assert.Empty(result.Ledger.Positions);
    }

    [Fact]
    public void Periods_roll_at_utc_day_and_iso_week_and_the_peak_only_rises()
    {
        var friday = new DateTimeOffset(2025, 3, 14, 23, 0, 0, TimeSpan.Zero);
        var ledger = Ledger.Settle(Ledger.Open(10_000m, friday), Buy("a", 1m, 2000m)).Ledger;
        var up = Ledger.Mark(ledger, new Dictionary<string, decimal> { ["WETH"] = 3000m }, friday.AddMinutes(10));
        Assert.Equal((10_000m, 10_000m, 11_000m), (up.DayStartNavUsd, up.WeekStartNavUsd, up.PeakNavUsd));

        var saturday = Ledger.Mark(up, new Dictionary<string, decimal> { ["WETH"] = 2500m }, friday.AddHours(2));
        Assert.Equal((10_500m, 10_000m, 11_000m), (saturday.DayStartNavUsd, saturday.WeekStartNavUsd, saturday.PeakNavUsd));
        Assert.Equal(new DateOnly(2025, 3, 15), saturday.Day);

        var monday = Ledger.Mark(saturday, new Dictionary<string, decimal> { ["WETH"] = 1000m }, new DateTimeOffset(2025, 3, 17, 0, 5, 0, TimeSpan.Zero));
        Assert.Equal((9_000m, 9_000m, 11_000m), (monday.DayStartNavUsd, monday.WeekStartNavUsd, monday.PeakNavUsd));
        Assert.Equal(new DateOnly(2025, 3, 17), monday.WeekStart);
    }

    [Fact]
    public void Breakers_derive_from_the_ledger_and_feed_the_risk_engine()
    {
        var ledger = Ledger.Settle(Ledger.Open(100_000m, T0), Buy("a", 2m, 4000m)).Ledger;
        var (_, healthy) = Ledger.Snapshot(ledger, Prices, T0.AddHours(1));
        Assert.Equal((100_000m, 4000m), (healthy.NavUsd, healthy.AtRiskUsd));

        // WETH collapses to $400: NAV 96,800, −3.2 % on the day.
        var (marked, crashed) = Ledger.Snapshot(ledger, new Dictionary<string, decimal> { ["WETH"] = 400m }, T0.AddHours(2));
        Assert.Equal(96_800m, crashed.NavUsd);
        Assert.Equal(-3.2m, crashed.DailyPnlPercent);
        Assert.Equal(100_000m, marked.PeakNavUsd);
        Assert.True(RiskRules.Breakers(crashed, new RiskLimits())[0].Tripped);

        var context = Risk.RiskFixtures.Context with { Portfolio = crashed };
        var buy = RiskRules.Evaluate(context, new RiskLimits());
        Assert.Equal(["breaker.daily_stop"], buy.Failures.Select(f => f.Rule));
        Assert.True(RiskRules.Evaluate(context with { Trade = context.Trade with { Side = TradeSide.Sell } }, new RiskLimits()).Approved);
    }

    [Fact]
    public void Valuing_a_held_symbol_without_a_price_is_refused()
    {
        var ledger = Ledger.Settle(Ledger.Open(0m, T0), Buy("a", 1m, 2000m, symbol: "PEPE")).Ledger;
        Assert.Contains("No price for held symbol PEPE", Assert.Throws<ArgumentException>(() => Ledger.Nav(ledger, Prices)).Message);
        Assert.Throws<ArgumentException>(() => Ledger.Open(-1m, T0));
    }
}
