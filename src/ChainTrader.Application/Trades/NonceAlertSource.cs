using System.Globalization;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Operations;

namespace ChainTrader.Application.Trades;

/// <summary>
/// The <c>nonce.{chain}</c> alert's condition: a LIVE trade waits on a nonce healing could not make executable, or failed of
/// it within the last <see cref="OperationsOptions.RejectionWindow"/> (so a failure between two sweeps still reaches the admins).
/// </summary>
public sealed class NonceAlertSource(TradeStore store, TradeChain chain, OperationsOptions options, TimeProvider clock)
{
    public async Task<(string Key, bool Active, string Summary)> EvaluateAsync(CancellationToken cancellationToken)
    {
        var since = clock.GetUtcNow() - options.RejectionWindow;
        var ids = (await store.OpenTradeIdsAsync(cancellationToken)).Union(await store.ConfirmedTradeIdsAsync(since, cancellationToken));
        var blocked = new List<Trade>();
        foreach (var id in ids)
        {
            if (await store.GetAsync(id, cancellationToken) is { Trade: { NonceBlocked: not null } trade }
                && (!trade.IsTerminal || (trade.State == TradeState.Failed && trade.UpdatedAt >= since)))
                blocked.Add(trade);
        }
        var key = AlertKeys.StuckNonce(chain.Chain.Name);
        if (blocked.Count == 0)
            return (key, false, $"No trade on {chain.Chain.Name} waits on a nonce, and none failed of one in the last {options.RejectionWindow.TotalMinutes:0} min.");
        var lines = blocked.OrderBy(t => t.NonceBlocked!.Since).Select(t => t.IsTerminal
            ? $"Trade {t.Id} failed: {t.Outcome}"
            : $"Trade {t.Id} ({t.State}) has had no usable nonce since {t.NonceBlocked!.Since.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} UTC: {t.NonceBlocked.Reason}");
        return (key, true, string.Join("\n", lines) +
            "\nCheck the trading wallet's native balance for gas and its pending transactions; trades fail within their timeouts until the gap is filled, and can be sent again then.");
    }
}
