using ChainTrader.Core.Commands;
using ChainTrader.Core.Risk;
using ChainTrader.Core.Trades;
using static ChainTrader.UnitTests.Risk.RiskFixtures;

namespace ChainTrader.UnitTests.Risk;

public class RiskRulesTests
{
    private static void Passes(Func<RiskContext, RiskLimits, RuleFailure?> rule, RiskContext context)
        => Assert.Null(rule(context, Limits));

    private static RuleFailure Fails(Func<RiskContext, RiskLimits, RuleFailure?> rule, RiskContext context, string name)
    {
        var failure = rule(context, Limits);
        Assert.NotNull(failure);
        Assert.Equal(name, failure.Rule);
        Assert.StartsWith(name + ": ", failure.Message);
        return failure;
    }

    [Fact]
    public void Baseline_context_passes_every_rule()
    {
        var decision = RiskRules.Evaluate(Context, Limits);
        Assert.True(decision.Approved, decision.Describe());
        Assert.Equal(RiskRules.All.Count, decision.RulesChecked);
        Assert.Equal(28, RiskRules.All.Count);
        Assert.Equal(RiskRules.All.Count, RiskRules.All.Select(r => r.Name).Distinct().Count());
    }

    // ---- gates and role ----

    [Fact]
    public void Emergency_stop_rejects()
    {
        Passes(RiskRules.EmergencyStop, Context);
        var f = Fails(RiskRules.EmergencyStop, Context with { Gates = new GateState(ExecutionMode.Live, true, false) }, "gates.emergency_stop");
        Assert.Equal(("off", "on"), (f.Limit, f.Actual));
    }

    [Theory]
    [InlineData(ExecutionMode.DryRun)]
    [InlineData(ExecutionMode.Paper)]
    [InlineData(ExecutionMode.Live)]
    public void Every_known_execution_mode_passes(ExecutionMode mode)
        => Passes(RiskRules.ExecutionModeKnown, Context with { Gates = new GateState(mode, false, false) });

    [Fact]
    public void Unreadable_execution_mode_fails_closed()
        => Fails(RiskRules.ExecutionModeKnown, Context with { Gates = new GateState(null, false, false) }, "gates.execution_mode");

    [Fact]
    public void Maintenance_mode_rejects()
    {
        Passes(RiskRules.Maintenance, Context);
        Fails(RiskRules.Maintenance, Context with { Gates = new GateState(ExecutionMode.Live, false, true) }, "gates.maintenance");
    }

    [Theory]
    [InlineData(UserRole.Trader, true)]
    [InlineData(UserRole.Admin, true)]
    [InlineData(UserRole.SuperAdmin, true)]
    [InlineData(UserRole.Stranger, false)]
    public void Only_allow_listed_roles_trade(UserRole role, bool allowed)
    {
        var failure = RiskRules.Role(With(t => t with { Role = role }), Limits);
        Assert.Equal(allowed, failure is null);
        if (!allowed) Assert.Equal("role.trader: user 42 is not an allow-listed trader", failure!.Message);
    }

    // ---- per-user rate limits ----

    [Theory]
    [InlineData(3, true)]   // below: 4th open
    [InlineData(4, true)]   // at: 5th open
    [InlineData(5, false)]  // above: 6th open
    public void Opens_per_minute(int earlierOpens, bool allowed)
    {
        var context = Context with { Activity = new TradingActivity(Enumerable.Repeat(Now.AddSeconds(-30), earlierOpens).ToArray(), [], []) };
        var failure = RiskRules.OpensPerMinute(context, Limits);
        Assert.Equal(allowed, failure is null);
        if (!allowed) Assert.Equal("rate.opens_per_minute: this would be open 6 in the last 60 s > 5; retry after 12:00:30 UTC", failure!.Message);
    }

    [Fact]
    public void Opens_older_than_a_minute_do_not_count()
        => Passes(RiskRules.OpensPerMinute, Context with { Activity = new TradingActivity(Enumerable.Repeat(Now.AddSeconds(-60), 10).ToArray(), [], []) });

    [Theory]
    [InlineData(48, true)]
    [InlineData(49, true)]
    [InlineData(50, false)]
    public void User_trades_per_day(int earlier, bool allowed)
    {
        var failure = RiskRules.UserTradesPerDay(WithUserTrades(Marks(earlier, TimeSpan.FromHours(23))), Limits);
        Assert.Equal(allowed, failure is null);
        if (!allowed) Assert.Equal(("50", "51"), (failure!.Limit, failure.Actual));
    }

    [Fact]
    public void User_trades_older_than_a_day_do_not_count()
        => Passes(RiskRules.UserTradesPerDay, WithUserTrades(Marks(100, TimeSpan.FromHours(24))));

    [Theory]
    [InlineData("8000", true)]
    [InlineData("9000", true)]      // 9,000 + 1,000 = the limit exactly
    [InlineData("9000.01", false)]
    public void User_volume_per_hour(string earlier, bool allowed)
    {
        var failure = RiskRules.UserVolumePerHour(WithUserTrades(new TradeMark(Now.AddMinutes(-59), "BTC", decimal.Parse(earlier))), Limits);
        Assert.Equal(allowed, failure is null);
        if (!allowed)
            Assert.Equal("rate.volume_per_hour: $9,000.01 traded in the last hour + $1,000.00 = $10,000.01 > $10,000.00; at most $999.99 now, or retry later", failure!.Message);
    }

    [Fact]
    public void Volume_older_than_an_hour_does_not_count()
        => Passes(RiskRules.UserVolumePerHour, WithUserTrades(new TradeMark(Now.AddMinutes(-61), "BTC", 50_000m)));

    // ---- desk pacing ----

    [Theory]
    [InlineData(13, true)]
    [InlineData(14, true)]
    [InlineData(15, false)]
    public void Desk_trades_per_day(int earlier, bool allowed)
    {
        var failure = RiskRules.DeskTradesPerDay(WithDeskTrades(Marks(earlier, TimeSpan.FromHours(2))), Limits);
        Assert.Equal(allowed, failure is null);
        if (!allowed) Assert.Equal("pacing.trades_per_day: this would be desk trade 16 in 24 h > 15; retry after 10:00:00 UTC", failure!.Message);
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(4, true)]
    [InlineData(5, false)]
    public void Desk_trades_per_hour(int earlier, bool allowed)
    {
        var failure = RiskRules.DeskTradesPerHour(WithDeskTrades(Marks(earlier, TimeSpan.FromMinutes(30))), Limits);
        Assert.Equal(allowed, failure is null);
        if (!allowed) Assert.Equal(("5", "6"), (failure!.Limit, failure.Actual));
    }

    [Theory]
    [InlineData(42, false)]
    [InlineData(179, false)]
    [InlineData(180, true)]
    [InlineData(181, true)]
    public void Min_interval_between_trades(int secondsAgo, bool allowed)
    {
        var failure = RiskRules.MinInterval(WithDeskTrades(Marks(1, TimeSpan.FromSeconds(secondsAgo)).Append(new TradeMark(Now.AddHours(-1), "BTC", 1m)).ToArray()), Limits);
        Assert.Equal(allowed, failure is null);
        if (!allowed) Assert.Equal($"pacing.min_interval: last trade {secondsAgo} s ago < 180 s; retry after {Now.AddSeconds(180 - secondsAgo):HH:mm:ss} UTC", failure!.Message);
    }

    [Fact]
    public void Min_interval_passes_with_no_trades() => Passes(RiskRules.MinInterval, Context);

    [Theory]
    [InlineData("ETH", 899, false)]
    [InlineData("eth", 899, false)]
    [InlineData("ETH", 900, true)]
    [InlineData("ETH", 901, true)]
    [InlineData("BTC", 10, true)]
    public void Same_symbol_interval(string symbol, int secondsAgo, bool allowed)
    {
        var failure = RiskRules.SymbolInterval(WithDeskTrades(Marks(1, TimeSpan.FromSeconds(secondsAgo), symbol)), Limits);
        Assert.Equal(allowed, failure is null);
        if (!allowed) Assert.Equal("pacing.symbol_interval: last ETH trade 899 s ago < 900 s; retry after 12:00:01 UTC", failure!.Message);
    }

    // ---- exposure ----

    private static PortfolioSnapshot Holding(params (string Symbol, decimal Usd)[] positions)
        => Portfolio with { Positions = positions.Select(p => new PositionExposure(p.Symbol, p.Usd)).ToArray() };

    [Theory]
    [InlineData("23000", true)]
    [InlineData("24000", true)]       // 24,000 + 1,000 = 25 % exactly
    [InlineData("24000.01", false)]
    public void Total_at_risk(string held, bool allowed)
    {
        var failure = RiskRules.TotalAtRisk(WithPortfolio(Holding(("BTC", decimal.Parse(held)))), Limits);
        Assert.Equal(allowed, failure is null);
        if (!allowed)
            Assert.Equal("exposure.total_at_risk: at risk after this trade $25,000.01 = 25 % of NAV $100,000.00 > 25 %; lower the size or raise MAX_TOTAL_AT_RISK_PCT", failure!.Message);
    }

    [Fact]
    public void Exposure_and_breakers_do_not_block_sells()
    {
        var stressed = new PortfolioSnapshot(50_000m, [new("BTC", 40_000m), new("A", 1m), new("B", 1m), new("C", 1m), new("D", 1m), new("ETH", 120_000m)], 100_000m, 100_000m, 100_000m);
        var sell = Context with { Trade = Request with { Side = TradeSide.Sell }, Portfolio = stressed };
        Assert.True(RiskRules.Evaluate(sell, Limits).Approved, RiskRules.Evaluate(sell, Limits).Describe());
        var buy = sell with { Trade = Request };
        var names = RiskRules.Evaluate(buy, Limits).Failures.Select(f => f.Rule).ToHashSet();
        Assert.Superset(new HashSet<string> { "exposure.total_at_risk", "exposure.position_percent", "exposure.position_cap", "breaker.daily_stop", "breaker.weekly_stop", "breaker.max_drawdown" }, names);
    }

    [Fact]
    public void Zero_nav_fails_the_percentage_caps()
    {
        var broke = WithPortfolio(Portfolio with { NavUsd = 0m });
        Assert.Equal("exposure.total_at_risk: NAV is $0.00, so no position can be sized against it", Fails(RiskRules.TotalAtRisk, broke, "exposure.total_at_risk").Message);
        Fails(RiskRules.PositionPercent, broke, "exposure.position_percent");
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(4, true)]   // the new one is the 5th
    [InlineData(5, false)]
    public void Max_open_positions_for_a_new_symbol(int held, bool allowed)
    {
        var positions = Enumerable.Range(0, held).Select(i => ($"T{i}", 100m)).ToArray();
        var failure = RiskRules.MaxPositions(WithPortfolio(Holding(positions)), Limits);
        Assert.Equal(allowed, failure is null);
        if (!allowed) Assert.Equal("exposure.max_positions: a new ETH position would make 6 open positions > 5; close a position first or raise MAX_POSITIONS", failure!.Message);
    }

    [Fact]
    public void Adding_to_a_held_symbol_or_holding_empty_positions_does_not_count_as_a_new_position()
    {
        Passes(RiskRules.MaxPositions, WithPortfolio(Holding(("A", 1m), ("B", 1m), ("C", 1m), ("D", 1m), ("eth", 1m))));
        Passes(RiskRules.MaxPositions, WithPortfolio(Holding(("A", 1m), ("B", 1m), ("C", 1m), ("D", 1m), ("E", 0m))));
    }

    [Theory]
    [InlineData("1000", true)]
    [InlineData("2000", true)]        // 3 % exactly
    [InlineData("2000.01", false)]
    public void Position_percent_of_nav(string held, bool allowed)
    {
        var failure = RiskRules.PositionPercent(WithPortfolio(Holding(("ETH", decimal.Parse(held)), ("BTC", 500m))), Limits);
        Assert.Equal(allowed, failure is null);
        if (!allowed) Assert.Equal("3 %", failure!.Limit);
    }

    [Fact]
    public void Position_percent_message_names_the_numbers()
        => Assert.Equal("exposure.position_percent: ETH position after this trade $3,100.00 = 3.1 % of NAV $100,000.00 > 3 %; lower the size or raise MAX_POSITION_PCT",
            Fails(RiskRules.PositionPercent, WithPortfolio(Holding(("ETH", 2100m))), "exposure.position_percent").Message);

    [Theory]
    [InlineData("98000", true)]
    [InlineData("99000", true)]
    [InlineData("99000.01", false)]
    public void Position_hard_cap(string held, bool allowed)
    {
        var rich = new PortfolioSnapshot(10_000_000m, [new("ETH", decimal.Parse(held))], 10_000_000m, 10_000_000m, 10_000_000m);
        var failure = RiskRules.PositionCap(WithPortfolio(rich), Limits);
        Assert.Equal(allowed, failure is null);
        if (!allowed) Assert.Equal("exposure.position_cap: ETH position after this trade $100,000.01 > $100,000.00; lower the size or raise HARD_CAP_USD", failure!.Message);
    }

    // ---- breakers ----

    [Theory]
    [InlineData("98000", true)]
    [InlineData("97000.01", true)]
    [InlineData("97000", false)]   // -3 % reaches the stop
    [InlineData("96000", false)]
    public void Daily_stop(string nav, bool allowed)
    {
        var n = decimal.Parse(nav);
        var failure = RiskRules.DailyStop(WithPortfolio(new PortfolioSnapshot(n, [], 100_000m, n, 100_000m)), Limits);
        Assert.Equal(allowed, failure is null);
        if (nav == "97000") Assert.Equal("breaker.daily_stop: daily PnL -3 % (-$3,000.00) reached the -3 % stop; buys reopen at 00:00 UTC, when the next day starts from the NAV then; sells are still allowed", failure!.Message);
    }

    [Theory]
    [InlineData("93000.01", true)]
    [InlineData("93000", false)]
    [InlineData("90000", false)]
    public void Weekly_stop(string nav, bool allowed)
    {
        var n = decimal.Parse(nav);
        var failure = RiskRules.WeeklyStop(WithPortfolio(new PortfolioSnapshot(n, [], n, 100_000m, 100_000m)), Limits);
        Assert.Equal(allowed, failure is null);
        if (!allowed) Assert.Equal("-7 %", failure!.Limit);
        // Now is Friday 2025-03-14: the week starts over on the Monday after.
        if (nav == "93000") Assert.Equal("breaker.weekly_stop: weekly PnL -7 % (-$7,000.00) reached the -7 % stop; buys reopen on Monday 2025-03-17 at 00:00 UTC, when the next week starts from the NAV then; sells are still allowed", failure!.Message);
    }

    [Theory]
    [InlineData(2025, 3, 17, "2025-03-24")] // a Monday: the next one
    [InlineData(2025, 3, 16, "2025-03-17")] // a Sunday
    [InlineData(2025, 3, 15, "2025-03-17")]
    public void A_weekly_stop_names_the_monday_its_week_ends(int year, int month, int day, string monday)
    {
        var portfolio = new PortfolioSnapshot(90_000m, [], 90_000m, 100_000m, 100_000m);
        var at = new DateTimeOffset(year, month, day, 23, 59, 59, TimeSpan.Zero);
        var failure = RiskRules.WeeklyStop(WithPortfolio(portfolio) with { Now = at }, Limits);
        Assert.Contains($"buys reopen on Monday {monday} at 00:00 UTC", failure!.Message);
    }

    [Theory]
    [InlineData("90000.01", true)]
    [InlineData("90000", false)]
    [InlineData("80000", false)]
    public void Max_drawdown_from_peak(string nav, bool allowed)
    {
        var n = decimal.Parse(nav);
        var failure = RiskRules.MaxDrawdown(WithPortfolio(new PortfolioSnapshot(n, [], n, n, 100_000m)), Limits);
        Assert.Equal(allowed, failure is null);
        if (nav == "90000") Assert.Equal("breaker.max_drawdown: drawdown 10 % from peak NAV $100,000.00 reached the 10 % limit; buys reopen when NAV is back above $90,000.00; sells are still allowed", failure!.Message);
    }

    [Fact]
    public void Breakers_derive_from_the_portfolio()
    {
        var breakers = RiskRules.Breakers(new PortfolioSnapshot(92_000m, [], 95_000m, 100_000m, 110_000m), Limits);
        Assert.Equal(["breaker.daily_stop", "breaker.weekly_stop", "breaker.max_drawdown"], breakers.Select(b => b.Name));
        Assert.True(breakers[0].Tripped);   // -3.16 %
        Assert.True(breakers[1].Tripped);   // -8 %
        Assert.True(breakers[2].Tripped);   // 16.4 % below peak
        Assert.Equal(8m, breakers[1].LossPercent);
    }

    // ---- order quality ----

    [Theory]
    [InlineData("20", true)]
    [InlineData("14", true)]        // $10 + $1 gas + $3 venue fee
    [InlineData("13.99", false)]
    public void Fee_adjusted_min_notional(string notional, bool allowed)
    {
        var failure = RiskRules.MinNotional(With(t => t with { NotionalUsd = decimal.Parse(notional) }), Limits);
        Assert.Equal(allowed, failure is null);
        if (!allowed) Assert.Equal("order.min_notional: notional $13.99 < $10.00 minimum + $4.00 fees = $14.00; trade at least $14.00", failure!.Message);
    }

    [Theory]
    [InlineData("1000.123456", 6, true)]
    [InlineData("1.50", 1, true)]
    [InlineData("7", 0, true)]
    [InlineData("1000.1234567", 6, false)]
    [InlineData("1.5", 0, false)]
    public void Amount_must_fit_the_token_decimals(string amount, int decimals, bool allowed)
    {
        var failure = RiskRules.Precision(With(t => t with { AmountIn = decimal.Parse(amount), AmountInDecimals = decimals }), Limits);
        Assert.Equal(allowed, failure is null);
        if (amount == "1000.1234567")
            Assert.Equal("order.precision: amount 1000.1234567 has 7 fractional digits; the token has 6", failure!.Message);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    public void Amount_must_be_positive(string amount)
        => Fails(RiskRules.Precision, With(t => t with { AmountIn = decimal.Parse(amount) }), "order.precision");

    [Fact]
    public void Amount_must_fit_a_uint256()
    {
        var f = Fails(RiskRules.Precision, With(t => t with { AmountIn = 10_000_000_000_000_000_000m, AmountInDecimals = 60 }), "order.precision");
        Assert.Contains("uint256", f.Message);
    }

    [Theory]
    [InlineData("0.995", true)]
    [InlineData("0.99", true)]      // 100 bps exactly
    [InlineData("0.9899", false)]   // 101 bps
    public void Slippage_bound(string minOut, bool allowed)
    {
        var failure = RiskRules.Slippage(With(t => t with { ExpectedOut = 1m, MinOut = decimal.Parse(minOut) }), Limits);
        Assert.Equal(allowed, failure is null);
        if (!allowed) Assert.Equal("order.slippage: min out 0.9899 is 101 bps below expected 1 > 100 bps", failure!.Message);
    }

    [Theory]
    [InlineData("1", "0", "min out is 0")]
    [InlineData("1", "1.01", "exceeds expected out")]
    [InlineData("0", "0", "returns nothing")]
    public void Slippage_rejects_unprotected_or_empty_quotes(string expected, string minOut, string why)
    {
        var f = Fails(RiskRules.Slippage, With(t => t with { ExpectedOut = decimal.Parse(expected), MinOut = decimal.Parse(minOut) }), "order.slippage");
        Assert.Contains(why, f.Message);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(100, true)]
    [InlineData(101, false)]
    public void Price_impact(int bps, bool allowed)
    {
        var failure = RiskRules.PriceImpact(With(t => t with { PriceImpactBps = bps }), Limits);
        Assert.Equal(allowed, failure is null);
        if (!allowed) Assert.Equal("order.price_impact: price impact 101 bps > 100 bps; lower the size or raise MAX_PRICE_IMPACT_BPS", failure!.Message);
    }

    [Theory]
    [InlineData("10", "1000", true)]
    [InlineData("20", "1000", true)]        // 2 % exactly
    [InlineData("20.01", "1000", false)]
    [InlineData("0", "0", true)]
    [InlineData("1", "0", false)]
    public void Gas_against_notional(string gas, string notional, bool allowed)
    {
        var failure = RiskRules.GasCost(With(t => t with { GasCostUsd = decimal.Parse(gas), NotionalUsd = decimal.Parse(notional) }), Limits);
        Assert.Equal(allowed, failure is null);
        if (gas == "20.01") Assert.Equal("order.gas_cost: gas $20.01 is 2.001 % of notional $1,000.00 > 2 %", failure!.Message);
    }

    [Fact]
    public void Oracle_verdict_is_an_input_with_its_reasons()
    {
        Passes(RiskRules.OracleUsable, Context);
        var f = Fails(RiskRules.OracleUsable, Context with { Oracle = OracleVerdict.Unusable("age 45 s > 30 s", "sources disagree by 80 bps > 50 bps") }, "oracle.usable");
        Assert.Equal("oracle.usable: ETH price is not usable: age 45 s > 30 s; sources disagree by 80 bps > 50 bps", f.Message);
        Assert.Contains("no reason given", Fails(RiskRules.OracleUsable, Context with { Oracle = new OracleVerdict(false, []) }, "oracle.usable").Message);
    }

    // ---- leverage ----

    private static RiskContext Leveraged(decimal leverage, decimal entry = 100m, decimal liquidation = 50m, decimal notional = 1000m)
        => With(t => t with { Leverage = new LeverageTerms(leverage, entry, liquidation), NotionalUsd = notional });

    [Fact]
    public void Leverage_rules_do_not_apply_to_spot_or_1x()
    {
        foreach (var context in new[] { Context, Leveraged(1m, 100m, 99.9m, 1_000_000m) })
        {
            Passes(RiskRules.MaxLeverage, context);
            Passes(RiskRules.LiquidationBuffer, context);
            Passes(RiskRules.AccountRisk, context);
            Passes(RiskRules.LeveragedDailyLoss, context with { Portfolio = new PortfolioSnapshot(50_000m, [], 100_000m, 100_000m, 100_000m) });
        }
    }

    [Theory]
    [InlineData("2", true)]
    [InlineData("500", true)]
    [InlineData("500.01", false)]
    public void Max_leverage(string leverage, bool allowed)
        => Assert.Equal(allowed, RiskRules.MaxLeverage(Leveraged(decimal.Parse(leverage)), Limits) is null);

    [Theory]
    [InlineData("90", true)]
    [InlineData("95", true)]        // 5 % exactly
    [InlineData("95.01", false)]
    [InlineData("105", true)]       // a short: liquidation above entry
    [InlineData("104.99", false)]
    public void Liquidation_buffer(string liquidation, bool allowed)
    {
        var failure = RiskRules.LiquidationBuffer(Leveraged(10m, 100m, decimal.Parse(liquidation)), Limits);
        Assert.Equal(allowed, failure is null);
        if (liquidation == "95.01") Assert.Equal("leverage.liquidation_buffer: liquidation at 95.01 is 4.99 % from entry 100 < 5 %", failure!.Message);
    }

    [Theory]
    [InlineData("10000", true)]
    [InlineData("20000", true)]       // margin 10,000 = 10 % of NAV
    [InlineData("20000.02", false)]
    public void Account_risk_per_position(string notional, bool allowed)
    {
        var failure = RiskRules.AccountRisk(Leveraged(2m, notional: decimal.Parse(notional)), Limits);
        Assert.Equal(allowed, failure is null);
        if (!allowed) Assert.Equal("10 %", failure!.Limit);
    }

    [Fact]
    public void Account_risk_message_names_the_numbers()
        => Assert.Equal("leverage.account_risk: margin $12,500.00 = 12.5 % of NAV $100,000.00 > 10 %",
            Fails(RiskRules.AccountRisk, Leveraged(4m, notional: 50_000m), "leverage.account_risk").Message);

    [Theory]
    [InlineData("80000.01", true)]
    [InlineData("80000", false)]
    public void Leveraged_daily_loss(string nav, bool allowed)
    {
        var context = Leveraged(5m) with { Portfolio = new PortfolioSnapshot(decimal.Parse(nav), [], 100_000m, 100_000m, 100_000m) };
        Assert.Equal(allowed, RiskRules.LeveragedDailyLoss(context, Limits) is null);
    }

    // ---- combinations and input validation ----

    [Fact]
    public void Every_failed_rule_is_listed_in_rule_order()
    {
        var context = new RiskContext(
            Request with { Role = UserRole.Stranger, MinOut = 0.4m, PriceImpactBps = 300, AmountIn = 1000.0000001m },
            new TradingActivity([], [], [new TradeMark(Now.AddSeconds(-42), "ETH", 500m)]),
            Portfolio,
            new GateState(ExecutionMode.Live, EmergencyStop: true, MaintenanceMode: true),
            OracleVerdict.Unusable("stale"),
            Now);
        var decision = RiskRules.Evaluate(context, Limits);
        Assert.False(decision.Approved);
        Assert.Equal(
            ["gates.emergency_stop", "gates.maintenance", "role.trader", "pacing.min_interval", "pacing.symbol_interval",
             "order.precision", "order.slippage", "order.price_impact", "oracle.usable"],
            decision.Failures.Select(f => f.Rule));
        Assert.Contains("pacing.min_interval: last trade 42 s ago < 180 s", decision.Describe());
        Assert.Equal(9, decision.Describe().Split(Environment.NewLine).Length);
    }

    [Fact]
    public void Everything_failing_at_once_lists_all_applicable_rules()
    {
        var context = new RiskContext(
            Request with
            {
                Role = UserRole.Stranger, NotionalUsd = 10_000_000m, AmountIn = 0m, MinOut = 0m, PriceImpactBps = 9000, GasCostUsd = 1_000_000m, VenueFeeUsd = 20_000_000m,
                Leverage = new LeverageTerms(1000m, 100m, 99m),
            },
            new TradingActivity(Enumerable.Repeat(Now.AddSeconds(-1), 10).ToArray(), Marks(60, TimeSpan.FromSeconds(1), "ETH"), Marks(20, TimeSpan.FromSeconds(1), "ETH")),
            new PortfolioSnapshot(50_000m, Enumerable.Range(0, 5).Select(i => new PositionExposure($"T{i}", 5_000m)).ToArray(), 100_000m, 100_000m, 100_000m),
            new GateState(null, true, true),
            OracleVerdict.Unusable("stale"),
            Now);
        var decision = RiskRules.Evaluate(context, Limits);
        Assert.Equal(RiskRules.All.Select(r => r.Name), decision.Failures.Select(f => f.Rule));
    }

    [Fact]
    public void Impossible_facts_are_rejected_with_the_field_named()
    {
        Assert.Contains("notional", Assert.Throws<ArgumentException>(() => RiskRules.Evaluate(With(t => t with { NotionalUsd = -1m }), Limits)).Message);
        Assert.Contains("decimals 300", Assert.Throws<ArgumentException>(() => RiskRules.Evaluate(With(t => t with { AmountInDecimals = 300 }), Limits)).Message);
        Assert.Contains("NAV", Assert.Throws<ArgumentException>(() => RiskRules.Evaluate(WithPortfolio(Portfolio with { NavUsd = -5m }), Limits)).Message);
        Assert.Contains("Leverage 0.5", Assert.Throws<ArgumentException>(() => RiskRules.Evaluate(With(t => t with { Leverage = new LeverageTerms(0.5m, 1m, 1m) }), Limits)).Message);
        Assert.Contains("no symbol", Assert.Throws<ArgumentException>(() => RiskRules.Evaluate(With(t => t with { Symbol = " " }), Limits)).Message);
    }

    [Fact]
    public void Limits_are_configurable()
    {
        var loose = Limits with { MinTimeBetweenTrades = TimeSpan.FromSeconds(30), MinTimeBetweenSameSymbol = TimeSpan.FromSeconds(30) };
        var context = WithDeskTrades(new TradeMark(Now.AddSeconds(-42), "ETH", 500m));
        Assert.False(RiskRules.Evaluate(context, Limits).Approved);
        Assert.True(RiskRules.Evaluate(context, loose).Approved);
    }
}
