using ChainTrader.Core.Trades;
using ChainTrader.Application.Commands;
using ChainTrader.Application.Watching;
using ChainTrader.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Trades;

/// <summary>
/// A trader who watches the desk's own wallet: the trade's one message and the wallet watcher's messages are about the
/// same transactions, and neither may swallow the other (their dedupe keys live in different namespaces).
/// </summary>
[Collection(DevnetCollection.Name)]
public class TradeAndWatcherMessagesEndToEndTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(120);

    [Fact]
    public Task ATraderWatchingTheDeskWalletGetsTheTradesFinalEditAndTheWatchersSeenAndFinal() => TradingStack.InSnapshotAsync(output, async stack =>
        {
            await stack.SendAsync($"/watch {stack.Wallet}");
            await stack.BotMessageAsync(TradingStack.Trader, m => m.Text.StartsWith("Watching", StringComparison.Ordinal), Long, "the /watch reply");
            // The watcher's cursor starts at the head on its first scan: make sure that happened before the trade's blocks.
            await stack.App.Services.GetRequiredService<ChainScanner>().ScanAsync("devnet", CancellationToken.None);

            var tradeId = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy 300 ETH")).UpdateId);
            var quote = await stack.QuoteMessageAsync(tradeId);
            Assert.Contains("Confirmed (LIVE)", TradingStack.Toast(await stack.PressAsync(quote, confirm: true)));
            var final = await stack.WaitForTradeAsync(tradeId, t => t.IsTerminal, Long, mineBlocks: true);
            Assert.True(final.State == TradeState.Final, $"{tradeId} ended {final.State}: {final.Outcome}");
            var swap = final.Receipt!.TxHash;

            // The trade's own message reaches its final state ...
            var edited = await stack.BotMessageAsync(TradingStack.Trader, m => m.MessageId == quote.MessageId && m.Text.Contains("Final (3/3)"), Long,
                $"the final edit of {tradeId}");
            // Filled: the card now offers to sell part or all of the position and to refresh it (issue 16).
            Assert.Equal(["Sell 25 %", "Sell 50 %", "Sell 100 %", "🔄 Refresh"], edited.Buttons.SelectMany(r => r).Select(b => b.Text));
            Assert.Contains(swap, edited.Text, StringComparison.OrdinalIgnoreCase);
            // ... and the watcher tells the same trader about the swap, seen and final, each once.
            await stack.BotMessageAsync(TradingStack.Trader, m => IsWatcher(m, "✅ Final on devnet", swap), Long, "the watcher's final message for the swap");
            var chat = await stack.StandIn.BotMessagesAsync(TradingStack.Trader);
            Assert.Single(chat, m => IsWatcher(m, "👀 Seen on devnet", swap));
            Assert.Single(chat, m => IsWatcher(m, "✅ Final on devnet", swap));
        });

    private static bool IsWatcher(StandInMessage message, string header, string txHash) =>
        message.Text.StartsWith(header, StringComparison.Ordinal) && message.Text.Contains(txHash, StringComparison.OrdinalIgnoreCase);
}
