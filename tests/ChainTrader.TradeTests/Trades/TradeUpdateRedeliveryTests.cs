using System.Net;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Commands;
using ChainTrader.Tests.Infrastructure;
using ChainTrader.Tests.Webhook;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Trades;

/// <summary>
/// Issue 12 (4, 10): a trade-opening update that Telegram delivers many times leaves one trade and one row of each kind,
/// so /history and the per-trader rate limit count it once; /cancel tells nobody whether someone else's trade exists.
/// </summary>
[Collection(DevnetCollection.Name)]
public class TradeUpdateRedeliveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ABuyDeliveredManyTimesIsListedAndCountedOnce() => await TradingStack.InSnapshotAsync(output, async stack =>
    {
        var updateId = TelegramInFixture.NextUpdateId();
        var tradeId = TradeCommandsHandler.TradeIdOf(updateId);
        var update = Updates.Message(updateId, TradingStack.Trader, "/buy 200 ETH");

        // Eight deliveries at once (Telegram retries while the first answer is slow), then three more one after another.
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Updates.PostAsync(stack.App, update)));
        Assert.All(concurrent, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await Updates.PostAsync(stack.App, update)).Status);

        var listed = await stack.Store.UserTradesAsync(TradingStack.Trader, 50, default);
        Assert.Equal([tradeId], listed.Select(t => t.Trade.Id));
        await stack.QuoteMessageAsync(tradeId);

        await stack.SendAsync("/history");
        var reply = await stack.BotMessageAsync(TradingStack.Trader, m => m.Text.Contains("Your last", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the /history reply");
        Assert.Equal(1, Occurrences(reply.Text, tradeId));

        // The limit is 2 opens a minute: the redelivered trade counts once, so the trader's next, different trade opens.
        var next = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy 150 ETH")).UpdateId);
        var opened = await stack.WaitForTradeAsync(next, t => t.State is not (TradeState.Requested or TradeState.RiskChecked), TimeSpan.FromSeconds(30));
        Assert.True(opened.State == TradeState.AwaitingConfirmation, $"{next} is {opened.State}: {opened.Outcome}");
    }, tweak: s => s["MAX_OPENS_PER_MIN"] = "2");

    [Fact]
    public async Task CancelAnswersAlikeForSomeoneElsesTradeAndForNoTrade() => await TradingStack.InSnapshotAsync(output, async stack =>
    {
        var tradeId = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy 200 ETH")).UpdateId);
        await stack.QuoteMessageAsync(tradeId);
        var missing = TradeCommandsHandler.TradeIdOf(TelegramInFixture.NextUpdateId());

        var theirs = await CancelReplyAsync(stack, tradeId);
        var none = await CancelReplyAsync(stack, missing);
        Assert.Equal(none.Replace(missing, "ID", StringComparison.Ordinal), theirs.Replace(tradeId, "ID", StringComparison.Ordinal));
        Assert.DoesNotContain("only", theirs, StringComparison.OrdinalIgnoreCase);
        // The stored trade learns of its quote's delivery through its orchestration, so it may still be catching up.
        Assert.Equal(TradeState.AwaitingConfirmation, (await stack.WaitForTradeAsync(tradeId, t => t.State is not (TradeState.Requested or TradeState.RiskChecked), TimeSpan.FromSeconds(30))).State);
    });

    private static async Task<string> CancelReplyAsync(TradingStack stack, string tradeId)
    {
        await stack.SendAsync($"/cancel {tradeId}", TradingStack.OtherTrader);
        return (await stack.BotMessageAsync(TradingStack.OtherTrader, m => m.Text.Contains(tradeId, StringComparison.Ordinal), TimeSpan.FromSeconds(20),
            $"the answer to /cancel {tradeId}")).Text;
    }

    private static int Occurrences(string text, string what)
    {
        var count = 0;
        for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
        {
            // "t123" must not count inside "t1234".
            if (at + what.Length == text.Length || !char.IsDigit(text[at + what.Length])) count++;
        }
        return count;
    }
}
