using ChainTrader.Core.Risk;
using ChainTrader.Functions.Gates;
using ChainTrader.Functions.Oracles;
using ChainTrader.Functions.Trades;

namespace ChainTrader.Functions.Operations;

/// <summary>The breakers' input: the same marked book the risk engine checks every buy against (the current mode's).</summary>
public sealed class LedgerPortfolioSource(TradeEffectExecutor executor, IRuntimeGates gates, TimeProvider clock) : IPortfolioSource
{
    public async Task<PortfolioSnapshot?> CurrentAsync(CancellationToken cancellationToken) =>
        (await executor.PortfolioAsync((await gates.CurrentAsync(cancellationToken)).Mode, clock.GetUtcNow(), cancellationToken)).Snapshot;
}

/// <summary>The tradable universe: each trading symbol's latest polled oracle verdict, re-checked against now.</summary>
public sealed class OracleUniverseSource(IPriceOracle oracle, OracleConfiguration configuration, TimeProvider clock) : ITradableUniverseSource
{
    public async Task<TradableUniverse?> CurrentAsync(CancellationToken cancellationToken)
    {
        var tradable = new List<string>();
        var untradable = new List<UntradableSymbol>();
        foreach (var symbol in configuration.TradingSymbols)
        {
            var assessment = await oracle.CurrentAsync(symbol, cancellationToken);
            if (assessment.IsUsable) tradable.Add(symbol);
            else untradable.Add(new UntradableSymbol(symbol, assessment.Summary));
        }
        return new TradableUniverse(tradable, untradable, clock.GetUtcNow());
    }
}
