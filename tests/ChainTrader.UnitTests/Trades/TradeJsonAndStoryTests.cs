using System.Text.Json;
using ChainTrader.Core.Trades;
using static ChainTrader.TestSupport.TradeFixtures;

namespace ChainTrader.UnitTests.Trades;

public class TradeJsonAndStoryTests
{
    private static string Json(Trade t) => JsonSerializer.Serialize(t, TradeJson.Default.Trade);

    [Fact]
    public void A_stored_trade_resumes_exactly_where_it_was()
    {
        var included = Included();
        var json = Json(included);
        Assert.Contains("\"state\":\"Included\"", json);
        Assert.Contains("\"amountInRaw\":\"1000000000\"", json);      // big integers as strings
        Assert.Contains("\"maxFeePerGas\":\"30000000000\"", json);
        var restored = JsonSerializer.Deserialize(json, TradeJson.Default.Trade)!;
        Assert.Equal(json, Json(restored));

        var fromOriginal = Machine.Apply(included, new HeadAdvanced(110, BlockHash(100)), T0.AddMinutes(3));
        var fromRestored = Machine.Apply(restored, new HeadAdvanced(110, BlockHash(100)), T0.AddMinutes(3));
        Assert.Equal(Json(fromOriginal.Trade), Json(fromRestored.Trade));
        Assert.Equal(TradeState.Final, fromRestored.Trade.State);
    }

    [Fact]
    public void Events_effects_and_history_round_trip_polymorphically()
    {
        var history = new List<TradeHistoryEntry>();
        var effects = new List<TradeEffect>();
        var open = Machine.Open(TradeId, Intent, Depth, T0);
        history.Add(open.Entry!);
        var trade = open.Trade;
        var submitted = Submitted();
        TradeEvent[] events =
        [
            new RiskEvaluated(Approved, Quote()), new QuoteShown(QuoteMessageKey), new ConfirmPressed(User, QuoteMessageKey, Live),
            new Repriced(Quote()), new TransactionSigned(Signed(7)), new BroadcastResult(submitted.Transactions[0].Hash, BroadcastOutcome.Accepted),
            new ReceiptSeen(Receipt(submitted.Transactions[0].Hash)), new HeadAdvanced(105, BlockHash(100)),
        ];
        var at = T0;
        foreach (var evt in events)
        {
            at = at.AddSeconds(5);
            var step = Step(trade, evt, at);
            trade = step.Trade;
            if (step.Entry is not null) history.Add(step.Entry);
            effects.AddRange(step.Effects);
        }
        Assert.Equal(TradeState.Final, trade.State);
        foreach (var entry in history)
        {
            var json = JsonSerializer.Serialize(entry, TradeJson.Default.TradeHistoryEntry);
            var back = JsonSerializer.Deserialize(json, TradeJson.Default.TradeHistoryEntry)!;
            Assert.Equal(entry.Event.GetType(), back.Event.GetType());
            Assert.Equal(json, JsonSerializer.Serialize(back, TradeJson.Default.TradeHistoryEntry));
        }
        foreach (var effect in effects)
        {
            var json = JsonSerializer.Serialize(effect, TradeJson.Default.TradeEffect);
            Assert.Equal(effect.GetType(), JsonSerializer.Deserialize(json, TradeJson.Default.TradeEffect)!.GetType());
        }
        Assert.Contains("\"type\":\"settle\"", JsonSerializer.Serialize(effects.OfType<Settle>().Single(), TradeJson.Default.TradeEffect));

        var story = TradeStory.Render(trade, history, "ETH");
        var lines = story.Split('\n');
        Assert.Equal("Trade t-1001: Buy WETH with 1000 USDC [LIVE]", lines[0]);
        Assert.Equal("State: Filled · Final", lines[1]);
        Assert.Equal("Fill: 0.4991 WETH for 1000 USDC at $2,003.61, gas $6.00 (0.003 ETH)", lines[2]);
        Assert.Equal("#1 12:00:00 Requested: opened by user 42: buy WETH with 1000 USDC", lines[3]);
        Assert.StartsWith("#2 12:00:05 Requested → RiskChecked: risk approved (28 rules); quote ≈ ", lines[4]);
        // Token units as the chat shows them, never raw base units.
        Assert.Matches(@"quote ≈ [0-9.]{1,12} WETH, min [0-9.]{1,12} WETH$", lines[4]);
        Assert.Contains("AwaitingConfirmation → Confirmed: confirmed by user 42 in LIVE; re-pricing", story);
        Assert.Contains("Confirmed → Submitted: signed", story);
        Assert.Contains("Submitted → Included: ", story);
        Assert.Contains("Included → Final: 6/6 confirmations: final; filled 0.4991 WETH for 1000 USDC", story);
        Assert.Equal(3 + history.Count, lines.Length);
    }

    [Fact]
    public void Story_of_a_failed_trade_names_the_reason()
    {
        var rejected = Step(Requested(), new RiskEvaluated(new Core.Risk.RiskDecision([new Core.Risk.RuleFailure("gates.emergency_stop", "off", "on", "gates.emergency_stop: emergency stop is active; no new trades")], 28), null), T0.AddSeconds(1));
        var story = TradeStory.Render(rejected.Trade, [rejected.Entry!]);
        Assert.Contains("State: Rejected (gates.emergency_stop: emergency stop is active; no new trades)", story);
        Assert.Contains("Requested → Rejected: risk rejected: gates.emergency_stop", story);
    }

    [Fact]
    public void Story_of_a_sell_says_what_is_sold_for_what()
    {
        var opened = Machine.Open(TradeId, Intent with { Side = TradeSide.Sell, AmountIn = 0.5m }, Depth, T0);
        var lines = TradeStory.Render(opened.Trade, [opened.Entry!]).Split('\n');
        Assert.Equal("Trade t-1001: Sell 0.5 WETH for USDC", lines[0]);
        Assert.Equal("#1 12:00:00 Requested: opened by user 42: sell 0.5 WETH for USDC", lines[2]);
    }

    [Fact]
    public void Malformed_big_integers_in_storage_are_reported()
    {
        var json = Json(Included()).Replace("\"amountInRaw\":\"1000000000\"", "\"amountInRaw\":\"12x\"");
        Assert.Contains("\"12x\" is not a big integer", Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, TradeJson.Default.Trade)).Message);
    }
}
