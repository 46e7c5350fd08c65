using ChainTrader.Core.Risk;

namespace ChainTrader.Application.Operations;

/// <summary>
/// The desk's book as the breakers read it. The trade ledger implements this; until one is registered the daily stop,
/// weekly stop and max drawdown alerts are not evaluated (the sweep says so in its log).
/// </summary>
public interface IPortfolioSource
{
    /// <summary>The book marked at current prices, or null when there is no ledger yet (nothing traded).</summary>
    Task<PortfolioSnapshot?> CurrentAsync(CancellationToken cancellationToken);
}
