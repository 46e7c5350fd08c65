using ChainTrader.Application.Oracles;

namespace ChainTrader.Application.Operations;

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
