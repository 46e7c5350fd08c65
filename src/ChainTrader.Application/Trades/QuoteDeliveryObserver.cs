using ChainTrader.Core.Trades;
using ChainTrader.Application.Notifications;

namespace ChainTrader.Application.Trades;

/// <summary>
/// Moves a trade to AwaitingConfirmation the moment its quote message is delivered, with the delivery time as the start
/// of its lifetime. The desk is resolved per call: it sends through the outbox whose drainer calls this.
/// </summary>
public sealed class QuoteDeliveryObserver(IServiceProvider services) : IDeliveryObserver
{
    public async Task DeliveredAsync(long chatId, string dedupeKey, CancellationToken cancellationToken)
    {
        if (TradeStateMachine.TradeOfQuotePromptKey(dedupeKey) is not { } tradeId) return;
        await services.GetRequiredService<TradeDesk>().ObserveQuoteDeliveryAsync(tradeId, cancellationToken);
    }
}
