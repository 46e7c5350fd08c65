using System.Numerics;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Oracles;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Evm.Abi;
using ChainTrader.Core.Oracles;
using ChainTrader.Application.Chains;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Application.Oracles;

/// <summary>
/// Reads every configured source for a set of symbols: per chain ONE JSON-RPC batch holding every Chainlink feed, the L2
/// sequencer feed and the DEX quotes on that chain; one Hermes request for all Pyth prices; chains and Hermes in parallel.
/// A source that cannot be read becomes a <see cref="SourceReadFailure"/> (the rules then fail the symbol closed); the
/// whole read is bounded by <see cref="OracleConfiguration.ReadBudget"/>.
/// </summary>
public sealed class OracleSourceReader(OracleConfiguration configuration, ChainRpcPools pools, IServiceProvider services, TimeProvider clock,
    ILogger<OracleSourceReader> logger)
{
    public async Task<OracleRead> ReadAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(configuration.ReadBudget);

        var chainReads = configuration.Chains
            .Select(chain => (Chain: chain, Feeds: chain.Feeds.Where(f => symbols.Contains(f.Symbol)).ToList(),
                Routes: configuration.DexRoutes.Values.Where(r => r.Chain == chain.Chain.Name && symbols.Contains(r.Symbol)).ToList()))
            .Where(c => c.Feeds.Count > 0 || c.Routes.Count > 0)
            .Select(c => ReadChainAsync(c.Chain, c.Feeds, c.Routes, budget.Token, cancellationToken))
            .ToList();
        var pyth = ReadPythAsync(symbols, budget.Token, cancellationToken);
        await Task.WhenAll(chainReads.Cast<Task>().Append(pyth));

        var readAt = clock.GetUtcNow();
        var chainlink = chainReads.SelectMany(t => t.Result.Chainlink).ToList();
        var dex = chainReads.SelectMany(t => t.Result.Dex).ToList();
        var failures = chainReads.SelectMany(t => t.Result.Failures).Concat(pyth.Result.Failures).ToList();
        var inputs = symbols.ToDictionary(s => s, s => new OracleInputs(s)
        {
            Chainlink = chainlink.Where(o => o.Symbol == s).ToList(),
            Pyth = pyth.Result.Observations.Where(o => o.Symbol == s).ToList(),
            ReadFailures = failures.Where(f => f.Symbol == s).Select(f => f.Failure).ToList(),
            Dex = dex.FirstOrDefault(d => d.Symbol == s),
        }, StringComparer.Ordinal);
        var provenance = chainReads.SelectMany(t => t.Result.Provenance).Concat(pyth.Result.Provenance).ToList();
        return new OracleRead(inputs, provenance, chainReads.Select(t => t.Result.Summary).ToList(), readAt);
    }

    private sealed record ChainResult(
        List<ChainlinkObservation> Chainlink,
        List<DexQuote> Dex,
        List<(string Symbol, SourceReadFailure Failure)> Failures,
        List<SourceProvenance> Provenance,
        ChainRead Summary);

    private async Task<ChainResult> ReadChainAsync(ChainOracleSources chain, List<ChainlinkFeedSource> feeds, List<DexRoute> routes,
        CancellationToken budget, CancellationToken caller)
    {
        var name = chain.Chain.Name;
        var result = new ChainResult([], [], [], [], null!);
        var pool = pools.For(name);
        var batch = pool.CreateBatch();
        var readSequencer = chain.RequiresSequencer && feeds.Count > 0 && chain.SequencerFeed is not null;
        var addresses = feeds.Select(f => f.Feed).ToList();
        if (readSequencer) addresses.Add(chain.SequencerFeed!.Value);
        var snapshot = addresses.Count > 0 ? ChainlinkFeedReader.AddTo(batch, addresses) : null;
        var quotes = routes.Select(r => (Route: r, Item: batch.Add(Eth.Call(new ContractCall(r.Router,
            UniswapV2Router.GetAmountsOutFunction.EncodeCall(r.AmountIn, r.Path.Select(a => (object)a.ToLowerHex()).ToArray())).ToCallInput(), BlockParameter.CreateLatest())))).ToList();

        var started = clock.GetTimestamp();
        try
        {
            // Any failure to get an answer (pool exhausted, budget over, garbage) is a read failure: fail closed, never throw.
            await batch.SendAsync(budget);
        }
        catch (Exception ex) when (!caller.IsCancellationRequested)
        {
            var reason = ex is OperationCanceledException ? $"no answer within {configuration.ReadBudget.TotalSeconds:0.#} s" : ex.Message;
            logger.LogWarning("Oracle read on {Chain} failed: {Reason}", name, reason);
            foreach (var feed in feeds) result.Failures.Add((feed.Symbol, new SourceReadFailure(feed.Source, reason)));
            foreach (var route in routes) result.Failures.Add((route.Symbol, new SourceReadFailure(DexSource(route), reason)));
            return result with { Summary = new ChainRead(name, false, null, null, clock.GetElapsedTime(started), batch.Count, reason) };
        }
        var elapsed = clock.GetElapsedTime(started);
        var endpoint = batch.AnsweredBy ?? "(unknown)";

        ulong? block = null;
        if (snapshot is not null)
        {
            var read = snapshot();
            block = read.BlockNumber;
            SequencerObservation? sequencer = null;
            if (readSequencer && read[chain.SequencerFeed!.Value].Round is { } status)
                sequencer = new SequencerObservation(name, status.Answer, status.StartedAt.ToUnixTimeSeconds());
            if (readSequencer)
                result.Provenance.Add(new SourceProvenance($"sequencer on {name}", endpoint, $"block {read.BlockNumber}"));
            foreach (var feed in feeds)
            {
                var feedRead = read[feed.Feed];
                if (feedRead.Round is not { } round)
                {
                    result.Failures.Add((feed.Symbol, new SourceReadFailure(feed.Source, feedRead.Error ?? "no round")));
                    continue;
                }
                result.Chainlink.Add(new ChainlinkObservation(feed.Symbol, name, round.RoundId, round.Answer, round.Decimals,
                    round.StartedAt.ToUnixTimeSeconds(), round.UpdatedAt.ToUnixTimeSeconds(), round.AnsweredInRound, feed.Heartbeat,
                    chain.RequiresSequencer, sequencer));
                result.Provenance.Add(new SourceProvenance(feed.Source, endpoint, $"block {read.BlockNumber}, feed {feed.Feed}"));
            }
        }
        foreach (var (route, item) in quotes)
        {
            try
            {
                var amounts = ContractReads.Decode(UniswapV2Router.GetAmountsOutFunction, route.Router, item).Get<List<BigInteger>>(0);
                result.Dex.Add(new DexQuote(route.Symbol, route.Venue, route.AmountIn, route.DecimalsIn, amounts[^1], route.DecimalsOut, SellsSymbol: false));
                result.Provenance.Add(new SourceProvenance(DexSource(route), endpoint, $"block ≥ {block?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "latest"}"));
            }
            catch (Exception ex) when (ex is JsonRpcErrorException or ContractRevertException or FormatException)
            {
                result.Failures.Add((route.Symbol, new SourceReadFailure(DexSource(route), ex.Message)));
            }
        }
        return result with { Summary = new ChainRead(name, true, endpoint, block, elapsed, batch.Count, null) };
    }

    private static string DexSource(DexRoute route) => $"dex {route.Venue}";

    private sealed record PythResult(List<PythObservation> Observations, List<(string Symbol, SourceReadFailure Failure)> Failures, List<SourceProvenance> Provenance);

    private async Task<PythResult> ReadPythAsync(IReadOnlyCollection<string> symbols, CancellationToken budget, CancellationToken caller)
    {
        var result = new PythResult([], [], []);
        var wanted = configuration.PythFeedIds.Where(kv => symbols.Contains(kv.Key)).ToList();
        if (!configuration.PythEnabled || wanted.Count == 0)
            return result;
        try
        {
            var client = services.GetRequiredService<PythHermesClient>();
            var prices = await client.GetLatestAsync(wanted.Select(kv => kv.Value).ToList(), budget);
            foreach (var (symbol, id) in wanted)
            {
                var observation = prices[id].ToObservation(symbol);
                result.Observations.Add(observation);
                result.Provenance.Add(new SourceProvenance(observation.Source, configuration.PythEndpoint, $"feed {id}, publish_time {observation.PublishTime}"));
            }
        }
        catch (Exception ex) when (!caller.IsCancellationRequested)
        {
            var reason = ex is OperationCanceledException ? $"no answer within {configuration.ReadBudget.TotalSeconds:0.#} s" : ex.Message;
            logger.LogWarning("Pyth read from Hermes failed: {Reason}", reason);
            foreach (var (symbol, _) in wanted)
                result.Failures.Add((symbol, new SourceReadFailure($"pyth {symbol}/USD", reason)));
        }
        return result;
    }
}
