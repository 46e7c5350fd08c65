using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Telegram;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Commands;
using ChainTrader.Tests.Contracts;
using ChainTrader.Tests.Infrastructure;
using ChainTrader.Tests.Webhook;
using Nethereum.RPC.Eth.DTOs;
using Xunit.Abstractions;

namespace ChainTrader.Tests.Trades;

/// <summary>
/// Everything that can arrive twice arrives many times, on two app instances sharing Azurite and the chain: Confirm
/// presses (the same update redelivered, and new presses) on two app instances. One swap is submitted.
/// </summary>
[Collection(DevnetCollection.Name)]
public class DuplicateDeliveryTests(ITestOutputHelper output)
{
    [Fact]
    public async Task DuplicatePressesDeliveriesAndQueueMessagesOnTwoInstancesSubmitOneSwap()
    {
        var chain = await DevnetChain.ConnectAsync();
        await chain.InSnapshotAsync(async () =>
        {
            await using var stack = await TradingStack.StartAsync(chain, s => s["Trades:PollInterval"] = "00:00:01", output: output);
            await using var second = await AppHost.StartAsync(stack.Settings(), ownTimers: true);
            var startBlock = await chain.Rpc.GetBlockNumberAsync();

            var id = TradeCommandsHandler.TradeIdOf((await stack.SendAsync("/buy ETH 200")).UpdateId);
            var quote = await stack.QuoteMessageAsync(id);
            var confirmData = quote.Buttons.SelectMany(r => r).Select(b => b.CallbackData!).First(d => d.StartsWith("tc:", StringComparison.Ordinal));
            IReadOnlyList<IReadOnlyList<InlineButton>> keyboard = quote.Buttons.Select(r => (IReadOnlyList<InlineButton>)r.Select(b => new InlineButton(b.Text, b.CallbackData!)).ToList()).ToList();

            var press = await stack.StandIn.PressButtonAsync(TradingStack.Trader, TradingStack.Trader, quote.MessageId, confirmData, wait: true);
            var redelivered = Updates.Press(press.UpdateId, TradingStack.Trader, TradingStack.Trader, quote.MessageId, confirmData, keyboard);
            // Round 0 goes at once, usually while the first press is still on its way to the trade's orchestration
            // (duplicates raised then are refused there); rounds 1 and 2 go after the trade has left AwaitingConfirmation,
            // where the desk's own answer says it is already confirmed.
            var answers = new List<(System.Net.HttpStatusCode Status, string Body, TimeSpan Took)>();
            for (var round = 0; round < 3; round++)
            {
                if (round == 1) await stack.WaitForTradeAsync(id, t => t.State != TradeState.AwaitingConfirmation, TimeSpan.FromSeconds(60));
                // Telegram redelivers the same update to both instances, and the trader taps Confirm again on a stale screen.
                answers.AddRange(await Task.WhenAll(
                    Updates.PostAsync(stack.App, redelivered),
                    Updates.PostAsync(second, redelivered),
                    Updates.PostAsync(round % 2 == 0 ? stack.App : second,
                        Updates.Press(TelegramInFixture.NextUpdateId(), TradingStack.Trader, TradingStack.Trader, quote.MessageId, confirmData, keyboard))));
            }
            Assert.All(answers, r => Assert.Equal(System.Net.HttpStatusCode.OK, r.Status));
            Assert.Contains(answers.Skip(3), r => r.Body.Contains("already confirmed", StringComparison.Ordinal));

            var final = await stack.WaitForTradeAsync(id, t => t.IsTerminal, TimeSpan.FromSeconds(90), mineBlocks: true);
            Assert.Equal(TradeState.Final, final.State);
            Assert.Single(final.Transactions);

            var head = await chain.Rpc.GetBlockNumberAsync();
            var swaps = 0;
            for (var n = startBlock + 1; n <= head; n++)
            {
                var block = await chain.Rpc.GetBlockWithTransactionsByNumberAsync(new BlockParameter(n));
                swaps += block!.Transactions.Count(t => Address.Parse(t.From) == stack.Wallet && t.To is { } to && Address.Parse(to) == chain.Router);
            }
            Assert.Equal(1, swaps);
            Assert.Single(await stack.WaitForFillsAsync(1, TimeSpan.FromSeconds(20)));
            var history = await stack.Store.HistoryAsync(id, default);
            Assert.Single(history, h => h.Event is ConfirmPressed);
            Assert.Single(history, h => h.Event is TransactionSigned);
        });
    }
}
