using ChainTrader.Core.Risk;
using ChainTrader.Application.Gates;
using ChainTrader.Application.Trades;

namespace ChainTrader.Application.Operations;

/// <summary>The breakers' input: the same marked book the risk engine checks every buy against (the current mode's).</summary>
public sealed class LedgerPortfolioSource(TradeEffectExecutor executor, IRuntimeGates gates, TimeProvider clock) : IPortfolioSource
{
    public async Task<PortfolioSnapshot?> CurrentAsync(CancellationToken cancellationToken) =>
        (await executor.PortfolioAsync((await gates.CurrentAsync(cancellationToken)).Mode, clock.GetUtcNow(), cancellationToken)).Snapshot;
}
