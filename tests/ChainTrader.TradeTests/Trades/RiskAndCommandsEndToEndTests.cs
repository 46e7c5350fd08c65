using ChainTrader.Core.Commands;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Commands;
using ChainTrader.Application.Gates;
using ChainTrader.Tests.Contracts;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Trades;

/// <summary>
/// Risk rules rejecting real requests with their reasons and numbers, the emergency stop cancelling what is not yet
/// submitted, and the read-only commands, all through the stand-in.
/// </summary>
[Collection(DevnetCollection.Name)]
public class RiskAndCommandsEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task RiskRulesRejectWithTheirReasonsAndTheEmergencyStopCancelsUnsubmittedTrades()
    {
        var chain = await DevnetChain.ConnectAsync();
        await chain.InSnapshotAsync(async () =>
        {
            await using var stack = await TradingStack.StartAsync(chain, output: output);

            await ExpectRejectionAsync(stack, "/buy ETH 5", "order.min_notional: notional $5.00 < $10.00 minimum + ");
            await ExpectRejectionAsync(stack, "/buy ETH 5000", "exposure.position_percent: ETH position after this trade $5,000.00 = 5 % of NAV $100,000.00 > 3 %");
            await ExpectRejectionAsync(stack, "/sell WBTC 5", "wallet.balance: the trading wallet holds 2 BTC, less than the 5 this trade spends");
            // Big enough to move the pool's price by more than MAX_PRICE_IMPACT_BPS (100).
            await ExpectRejectionAsync(stack, "/buy 50000 ETH", "order.price_impact: price impact ");

            var gates = stack.App.Services.GetRequiredService<IRuntimeGates>();
            await gates.ApplyAsync(GateChange.Maintenance(true), TradingStack.SuperAdmin, "test:maintenance-on", null, default);
            await ExpectRejectionAsync(stack, "/buy ETH 200", "gates.maintenance: maintenance mode is on");
            await gates.ApplyAsync(GateChange.Maintenance(false), TradingStack.SuperAdmin, "test:maintenance-off", null, default);

            // An ETH price outside its sanity range makes ETH untradable (fail closed) once the oracle has polled it.
            var feed = chain.Feed("ETH/USD");
            await stack.SetFeedAsync(feed, 50m);
            await ExpectRejectionAsync(stack, "/buy ETH 200", "oracle.usable: ETH price is not usable");
            await stack.SetFeedAsync(feed, 3000m);
            await stack.WaitForPricesAsync();

            // Emergency stop: the trade waiting for confirmation is cancelled, and nothing new opens.
            var waitingId = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy ETH 200")).UpdateId);
            var waiting = await stack.QuoteMessageAsync(waitingId);
            await stack.SendAsync("/emergency_stop drill", TradingStack.Admin);
            await stack.BotMessageAsync(TradingStack.Admin, m => m.Text.Contains("1 trade(s) not yet submitted were cancelled"), Long, "the stop reply");
            Assert.Equal(TradeState.Cancelled, (await stack.WaitForTradeAsync(waitingId, t => t.IsTerminal, Long)).State);
            await stack.BotMessageAsync(TradingStack.Trader, m => m.MessageId == waiting.MessageId && m.Text.Contains("Cancelled: emergency stop"), Long, "the cancelled quote");
            await ExpectRejectionAsync(stack, "/buy ETH 200", "gates.emergency_stop: emergency stop is active");
        });
    }

    [Fact]
    public async Task StatusHistoryPositionsBalancePnlAndRiskSummaryAnswerFromTheStoreLedgerAndChain()
    {
        var chain = await DevnetChain.ConnectAsync();
        await chain.InSnapshotAsync(async () =>
        {
            await using var stack = await TradingStack.StartAsync(chain, s => s["EXECUTION_MODE"] = "PAPER", output: output);
            var id = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy 300 ETH")).UpdateId);
            await stack.PressAsync(await stack.QuoteMessageAsync(id), confirm: true);
            var paper = await stack.WaitForTradeAsync(id, t => t.IsTerminal, Long);
            var openId = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/sell 0.05 ETH")).UpdateId);
            await stack.QuoteMessageAsync(openId);

            await stack.SendAsync("/status");
            await stack.BotMessageAsync(TradingStack.Trader, m => m.Text.StartsWith("Open trades", StringComparison.Ordinal) && m.Text.Contains(openId)
                                                                    && m.Text.Contains("Awaiting Confirm") && !m.Text.Contains(id), Long, "/status");
            await stack.SendAsync($"/status {id}");
            var story = await stack.BotMessageAsync(TradingStack.Trader, m => m.Text.StartsWith($"Trade {id}: Buy ETH with 300 USDC [PAPER]", StringComparison.Ordinal)
                                                                    && m.Text.Contains("State: Filled (paper)") && m.Text.Contains("#1 ") && m.Text.Contains("paper fill"), Long, "/status ID");
            // /history ID tells the same story from the same events.
            await stack.SendAsync($"/history {id}");
            await stack.BotMessageAsync(TradingStack.Trader, m => m.MessageId != story.MessageId && m.Text == story.Text, Long, "/history ID");
            await stack.SendAsync("/history nosuchtrade");
            await stack.BotMessageAsync(TradingStack.Trader, m => m.Text == "No trade of yours matches nosuchtrade.", Long, "/history of an unknown id");
            await stack.SendAsync("/history 5");
            await stack.BotMessageAsync(TradingStack.Trader, m => m.Text.StartsWith("Your last 2 trades", StringComparison.Ordinal) && m.Text.Contains(id) && m.Text.Contains(openId), Long, "/history");
            await stack.SendAsync("/positions");
            var quantity = Shown(paper.Settlement!.BaseQuantity);
            await stack.BotMessageAsync(TradingStack.Trader, m => m.Text.StartsWith("ETH position", StringComparison.Ordinal) && m.Text.Contains($"Holding {quantity} ETH"), Long, "/positions");
            await stack.SendAsync("/balance USDC");
            var usdc = await stack.BalanceAsync("USDC");
            await stack.BotMessageAsync(TradingStack.Trader, m => m.Text.Contains($"USDC: {Shown(TokenUnits.ToHuman(usdc, 6))}"), Long, "/balance");
            await stack.SendAsync("/pnl all");
            await stack.BotMessageAsync(TradingStack.Trader, m => m.Text.StartsWith("PnL all time", StringComparison.Ordinal) && m.Text.Contains("over 1 fills"), Long, "/pnl");
            await stack.SendAsync("/risk_summary", TradingStack.Admin);
            await stack.BotMessageAsync(TradingStack.Admin, m => m.Text.Contains("Risk summary") && m.Text.Contains("open positions 1 / max 5"), Long, "/risk_summary");
            await stack.SendAsync("/risk_summary");
            await stack.BotMessageAsync(TradingStack.Trader, m => m.Text.Contains("/risk_summary is for admins"), Long, "the refusal");
        });
    }

    /// <summary>
    /// The per-user limits, the desk's pacing and the exposure caps, each set so one filled trade uses it up: the next
    /// requests are rejected naming every rule they break, with its numbers.
    /// </summary>
    [Fact]
    public Task RateLimitsPacingAndExposureCapsRejectTheNextTradesNamingEveryRule() =>
        TradingStack.InSnapshotAsync(output, async stack =>
        {
            var first = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy 200 ETH")).UpdateId);
            await stack.PressAsync(await stack.QuoteMessageAsync(first), confirm: true);
            Assert.Equal(TradeState.Final, (await stack.WaitForTradeAsync(first, t => t.IsTerminal, Long)).State);

            await ExpectRejectionAsync(stack, "/buy 300 ETH",
                "rate.opens_per_minute: this would be open 2 in the last 60 s > 1",
                "rate.trades_per_day: this would be your trade 2 in 24 h > 1",
                "rate.volume_per_hour: $200.00 traded in the last hour + $300.00 = $500.00 > $300.00",
                "pacing.trades_per_day: this would be desk trade 2 in 24 h > 1",
                "pacing.trades_per_hour: this would be desk trade 2 in the last hour > 1",
                "pacing.min_interval:",
                "pacing.symbol_interval:",
                "exposure.total_at_risk:",
                "exposure.position_percent:",
                "exposure.position_cap:");
            // A second symbol would be a second position; $20 is so small that the gas would be a large part of it.
            await ExpectRejectionAsync(stack, "/buy 20 BTC", "exposure.max_positions:", "order.gas_cost:");
        }, tweak: s =>
        {
            s["EXECUTION_MODE"] = "PAPER";
            s["MAX_OPENS_PER_MIN"] = "1";
            s["MAX_USER_TRADES_PER_DAY"] = "1";
            s["MAX_USER_VOLUME_PER_HOUR_USD"] = "300";
            s["MAX_TRADES_PER_DAY"] = "1";
            s["MAX_TRADES_PER_HOUR"] = "1";
            s["MIN_SECONDS_BETWEEN_TRADES"] = "3600";
            s["MIN_SECONDS_BETWEEN_SAME_SYMBOL"] = "3600";
            s["MAX_POSITIONS"] = "1";
            s["MAX_TOTAL_AT_RISK_PCT"] = "0.4";
            s["MAX_POSITION_PCT"] = "0.3";
            s["HARD_CAP_USD"] = "250";
        });

    private static string Shown(decimal value) => Core.Chat.ChatNumbers.Amount(value);

    private static async Task ExpectRejectionAsync(TradingStack stack, string command, params string[] reasons)
    {
        var id = TradeCommandsHandler.TradeIdOf((await stack.SendAsync(command)).UpdateId);
        var trade = await stack.WaitForTradeAsync(id, t => t.IsTerminal, Long);
        Assert.True(trade.State == TradeState.Rejected, $"{command}: {trade.State} ({trade.Outcome})");
        var message = await stack.BotMessageAsync(TradingStack.Trader, m => m.Text.Contains(id) && m.Text.Contains("Rejected"), Long, $"the rejection of {command}");
        foreach (var reason in reasons)
        {
            Assert.Contains(reason, trade.Outcome);
            Assert.Contains(reason, message.Text);
        }
        Assert.Empty(message.Buttons);
    }
}
