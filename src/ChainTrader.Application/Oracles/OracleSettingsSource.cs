using System.Globalization;
using ChainTrader.Adapters.Oracles;
using ChainTrader.Core.Oracles;
using ChainTrader.Application.Configuration;
using ChainTrader.Application.Chains;
using Microsoft.Extensions.Options;

namespace ChainTrader.Application.Oracles;

/// <summary>
/// The effective oracle settings for /config and the configuration hash: the rules' thresholds, what is polled (symbols,
/// every chain's feeds, tokens and sequencer demand, Pyth, the DEX check) and the shared RPC health timings. Values are
/// the resolved ones, presets included, so a changed preset changes the hash too.
/// </summary>
public sealed class OracleSettingsSource(OracleConfiguration oracle, IOptions<PythHermesOptions> pyth, SharedRpcHealth rpcHealth, IConfiguration configuration)
    : IEffectiveSettingsSource
{
    public IEnumerable<EffectiveSetting> Describe()
    {
        var rules = oracle.Rules;
        yield return new EffectiveSetting("ORACLE_SYMBOLS", string.Join(',', oracle.Symbols));
        yield return new EffectiveSetting("ORACLE_TRADING_SYMBOLS", oracle.TradingSymbols.Count == 0 ? "none" : string.Join(',', oracle.TradingSymbols));
        yield return Seconds("ORACLE_MAX_AGE_S", rules.MaxAge);
        yield return new EffectiveSetting("CHAINLINK_MAX_AGE_S", rules.ChainlinkMaxAge is { } chainlink ? Format(chainlink.TotalSeconds) : "");
        yield return Seconds("ORACLE_HEARTBEAT_TOLERANCE_S", rules.HeartbeatTolerance);
        yield return Seconds("ORACLE_MAX_CLOCK_SKEW_S", rules.MaxClockSkew);
        yield return new EffectiveSetting("ORACLE_MAX_DEVIATION_BPS", Format(rules.MaxDeviationBps));
        yield return new EffectiveSetting("PYTH_MAX_CONFIDENCE_BPS", Format(rules.PythMaxConfidenceBps));
        yield return Seconds("SEQUENCER_GRACE_PERIOD_S", rules.SequencerGracePeriod);
        yield return new EffectiveSetting("ORACLE_MIN_SOURCES", Format(rules.MinSources));
        // Every symbol's range, polled or not, so adding a symbol later never meets an unreviewed range.
        var ranges = OracleOptions.FromSettings(key => configuration[key], SymbolNormalizer.Default.SupportedSymbols).SanityRanges;
        foreach (var (symbol, range) in ranges)
        {
            yield return new EffectiveSetting($"CHAINLINK_SANITY_{symbol}_MIN", Format(range.Min));
            yield return new EffectiveSetting($"CHAINLINK_SANITY_{symbol}_MAX", Format(range.Max));
        }
        yield return Seconds("ORACLE_READ_TIMEOUT_S", oracle.ReadBudget);

        foreach (var chain in oracle.Chains)
        {
            yield return new EffectiveSetting(ChainCatalog.Key(chain.Chain.Name, "REQUIRES_SEQUENCER"), chain.RequiresSequencer ? "true" : "false");
            foreach (var feed in chain.Feeds)
                yield return new EffectiveSetting(ChainCatalog.Key(chain.Chain.Name, $"FEED_{feed.Symbol}"), $"{feed.Feed},{Format(feed.Heartbeat.TotalSeconds)}");
            foreach (var (symbol, token) in chain.Tokens.OrderBy(t => t.Key, StringComparer.Ordinal))
                yield return new EffectiveSetting(ChainCatalog.Key(chain.Chain.Name, $"TOKEN_{token.Ticker}"), $"{token.Address},{Format(token.Decimals)}");
        }

        // The endpoint may carry a provider token: only its scheme and host are shown (and hashed).
        yield return new EffectiveSetting("PYTH_HERMES_ENDPOINT", oracle.PythEnabled ? oracle.PythEndpoint : OracleConfiguration.PythOff);
        yield return new EffectiveSetting("PYTH_HERMES_TIMEOUT_S", Format(pyth.Value.TimeoutSeconds));
        foreach (var (symbol, id) in oracle.PythFeedIds.OrderBy(p => p.Key, StringComparer.Ordinal))
            yield return new EffectiveSetting($"PYTH_FEED_{symbol}", id);

        var dexChain = oracle.DexRoutes.Values.Select(r => r.Chain).FirstOrDefault();
        yield return new EffectiveSetting("ORACLE_DEX_CHAIN", dexChain ?? "none");
        yield return new EffectiveSetting("ORACLE_DEX_QUOTE_USD", Format(oracle.DexQuoteUsd));
        foreach (var (symbol, route) in oracle.DexRoutes.OrderBy(r => r.Key, StringComparer.Ordinal))
            yield return new EffectiveSetting($"ORACLE_DEX_PATH_{symbol}", string.Join(',', route.Tickers));

        yield return Seconds("RPC_SHARED_HEALTH_REFRESH_S", rpcHealth.Refresh);
        yield return Seconds("RPC_SHARED_HEALTH_MAX_AGE_S", rpcHealth.MaxAge);
    }

    private static EffectiveSetting Seconds(string name, TimeSpan value) => new(name, Format(value.TotalSeconds));

    private static string Format(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
