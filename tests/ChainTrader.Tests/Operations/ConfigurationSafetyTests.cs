using ChainTrader.Application.Configuration;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ChainTrader.Tests.Operations;

/// <summary>The seeds' sanity checks at start: every problem listed at once, each naming the setting to change.</summary>
public class ConfigurationSafetyTests
{
    private static List<string> Check(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = configuration.Get<ChainTraderOptions>() ?? new ChainTraderOptions();
        var problems = new List<string>();
        ConfigurationSafety.Check(options, configuration, problems);
        return problems;
    }

    [Fact]
    public async Task ABrokenConfigurationStopsTheAppWithEveryProblemListed()
    {
        var settings = AppHost.BaseSettings();
        settings["EXECUTION_MODE"] = "LIVE";
        settings["MAX_TOTAL_AT_RISK_PCT"] = "60";         // high exposure for LIVE
        settings["MAX_POSITION_PCT"] = "15";              // 5 positions × 15 % = 75 % > 60 %
        settings["DAILY_STOP_PCT"] = "8";                 // daily stop ≥ weekly stop (7 %, the default)
        settings["MIN_NOTIONAL_USD"] = "150000";          // min order above the hard cap
        settings["MAX_PRICE_IMPACT_BPS"] = "1500";        // spread over 10 %
        settings["MAX_SLIPPAGE_BPS"] = "800";             // slippage over 5 %
        settings["MAX_POSITIONS"] = "lots";
        settings["MAX_EXPOSURE_PCT"] = "25";              // deprecated names
        settings["CACHE_TTL_SECONDS"] = "30";
        settings["PYRAMIDING_ENABLED"] = "true";          // seed features this desk does not have
        settings["PYRAMID_MAX_ADDS"] = "0";
        settings["STOP_LOSS_PCT"] = "12";
        settings["TAKE_PROFIT_PCT"] = "10";
        settings["ORACLE_MAX_AGE_S"] = "600";             // stale data threshold too permissive for LIVE
        settings["RECONCILIATION_INTERVAL"] = "abc";
        settings["ALERT_DEDUPE_S"] = "-1";
        settings["ALERT_LATENCY_WINDOW_S"] = "5";
        settings["RPC_TIMEOUT_S"] = "0";                  // the existing per-setting checks still run alongside

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => AppHost.StartAsync(settings));

        Assert.Equal(
        [
            "ADMIN_USER_IDS: empty; EXECUTION_MODE is LIVE, so someone must receive the alerts and be able to stop trading.",
            "ALERT_DEDUPE_S must be a whole number of seconds; got \"-1\".",
            "ALERT_LATENCY_WINDOW_S: \"5\" is not a whole number from 60 to 3600.",
            "CACHE_TTL_SECONDS: deprecated and removed (prices are read fresh on every poll; ORACLE_MAX_AGE_S bounds how old a price may be); delete it.",
            "DAILY_STOP_PCT (8 %) must be below WEEKLY_STOP_PCT (7 %).",
            "MAX_DRAWDOWN_PCT: not set; EXECUTION_MODE is LIVE, so every loss breaker (DAILY_STOP_PCT, WEEKLY_STOP_PCT, MAX_DRAWDOWN_PCT) must be set explicitly.",
            "MAX_EXPOSURE_PCT: deprecated; use MAX_TOTAL_AT_RISK_PCT instead (the share of NAV at risk in open positions).",
            "MAX_POSITIONS × MAX_POSITION_PCT (5 × 15 %) exceeds MAX_TOTAL_AT_RISK_PCT (60 %).",
            "MAX_POSITIONS: \"lots\" is not a whole number.",
            "MAX_PRICE_IMPACT_BPS: 1500 bps accepts a spread over 10 % (1000 bps); that is never a fair price.",
            "MAX_SLIPPAGE_BPS must be in (0, 500] bps; more than 5 % is an excessive tolerance (is 800).",
            "MAX_TOTAL_AT_RISK_PCT: 60 % of NAV at risk is high exposure for LIVE (at most 50 %).",
            "MIN_NOTIONAL_USD (150000) is above HARD_CAP_USD (100000): the smallest order allowed is larger than the largest, so no order can pass.",
            "ORACLE_MAX_AGE_S: 600 s lets LIVE trade on prices older than 300 s.",
            "PYRAMIDING_ENABLED: not a setting of this desk (this desk has no pyramiding; adding to a held symbol is an ordinary /buy under MAX_POSITION_PCT and MIN_SECONDS_BETWEEN_SAME_SYMBOL); delete it.",
            "PYRAMID_MAX_ADDS: not a setting of this desk (this desk has no pyramiding; adding to a held symbol is an ordinary /buy under MAX_POSITION_PCT and MIN_SECONDS_BETWEEN_SAME_SYMBOL); delete it.",
            "RECONCILIATION_INTERVAL: \"abc\" is not a whole number from 60 to 86400.",
            "RPC_TIMEOUT_S: 0 is outside 1-300.",
            "SIGNER_PRIVATE_KEY: not set; EXECUTION_MODE is LIVE and nothing can be signed without it.",
            "STOP_LOSS_PCT: not a setting of this desk (this desk places no automatic stop-loss exits; the loss breakers are DAILY_STOP_PCT, WEEKLY_STOP_PCT and MAX_DRAWDOWN_PCT); delete it.",
            "TAKE_PROFIT_PCT: not a setting of this desk (this desk places no automatic take-profit exits; traders sell with /sell); delete it.",
            "WEEKLY_STOP_PCT: not set; EXECUTION_MODE is LIVE, so every loss breaker (DAILY_STOP_PCT, WEEKLY_STOP_PCT, MAX_DRAWDOWN_PCT) must be set explicitly.",
        ], error.Failures.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheDefaultsAreSafeAndAFullyStatedLiveDeskPasses()
    {
        Assert.Empty(Check([]));
        Assert.Empty(Check(new()
        {
            ["EXECUTION_MODE"] = "LIVE", ["ADMIN_USER_IDS"] = "2002", ["ADMIN_CHAT_ID"] = "-1002002", ["SIGNER_PRIVATE_KEY"] = "0x01",
            ["DAILY_STOP_PCT"] = "3", ["WEEKLY_STOP_PCT"] = "7", ["MAX_DRAWDOWN_PCT"] = "10", ["MAX_TOTAL_AT_RISK_PCT"] = "50",
        }));
    }

    [Fact]
    public void RiskLimitsBindFromTheirSettingNames()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MAX_TOTAL_AT_RISK_PCT"] = "20", ["MAX_POSITIONS"] = "4", ["MAX_POSITION_PCT"] = "2.5", ["HARD_CAP_USD"] = "50000",
            ["DAILY_STOP_PCT"] = "2", ["WEEKLY_STOP_PCT"] = "5", ["MAX_DRAWDOWN_PCT"] = "8", ["MIN_SECONDS_BETWEEN_TRADES"] = "120",
            ["MAX_SLIPPAGE_BPS"] = "50",
        }).Build();
        var problems = new List<string>();

        var limits = RiskSettings.Bind(configuration, problems);

        Assert.Empty(problems);
        Assert.Equal(new Core.Risk.RiskLimits
        {
            MaxTotalAtRiskPercentOfNav = 20m, MaxOpenPositions = 4, MaxPositionPercentOfNav = 2.5m, MaxPositionUsd = 50_000m,
            DailyStopLossPercent = 2m, WeeklyStopLossPercent = 5m, MaxDrawdownPercent = 8m, MinTimeBetweenTrades = TimeSpan.FromSeconds(120),
            MaxSlippageBps = 50,
        }, limits);
    }
}
