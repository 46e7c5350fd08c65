using System.Numerics;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Oracles;
using ChainTrader.Application.Oracles;
using ChainTrader.Core.Trades;
using Microsoft.Extensions.Options;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Application.Trades;

/// <summary>
/// Quotes a trade intent on the chain's canonical router: exact input, expected and minimum output (slippage from
/// TRADING_SLIPPAGE_BPS), price impact, LP fee and gas in USD at the oracle's prices. The path is the direct pool, or
/// through WETH when there is none.
/// </summary>
public sealed class TradeQuoter(TradeChain chain, TradingTokens tokens, IPriceOracle prices, IOptions<TradingOptions> options)
{
    private const decimal LpFeeBps = 30m;
    private const ulong ApprovalGas = 60_000;

    /// <summary>Prices of the base symbol, the quote token and the native coin; fresh reads when <paramref name="fresh"/> (at confirmation).</summary>
    public async Task<QuotePrices> PricesAsync(TradeIntent intent, bool fresh, CancellationToken cancellationToken)
    {
        var symbols = new[] { intent.Base.Symbol, intent.Quote.Symbol, chain.Chain.NativeSymbol };
        var assessments = await Task.WhenAll(symbols.Distinct().Select(s => fresh ? prices.AssessNowAsync(s, cancellationToken) : prices.CurrentAsync(s, cancellationToken)));
        var bySymbol = assessments.ToDictionary(a => a.Symbol, StringComparer.OrdinalIgnoreCase);
        var problems = new List<string>();
        decimal PriceOf(string symbol)
        {
            var canonical = SymbolNormalizer.Default.TryToCanonical(symbol, out var c) ? c : symbol;
            var a = bySymbol.GetValueOrDefault(canonical) ?? bySymbol.GetValueOrDefault(symbol);
            if (a is null) { problems.Add($"{symbol}/USD: no assessment"); return 0m; }
            if (!a.IsUsable) problems.Add(a.Summary);
            return a.Price ?? a.StalePrice ?? 0m;
        }
        return new QuotePrices(PriceOf(intent.Base.Symbol), PriceOf(intent.Quote.Symbol), PriceOf(chain.Chain.NativeSymbol), problems);
    }

    public async Task<TradeQuote> QuoteAsync(TradeIntent intent, QuotePrices usd, CancellationToken cancellationToken)
    {
        var amountIn = TokenUnits.ToRaw(intent.AmountIn, intent.TokenIn.Decimals);
        var path = await PathAsync(intent, cancellationToken);
        var head = chain.Pool.GetBlockByNumberAsync(BlockParameter.CreateLatest(), ct: cancellationToken);
        var swap = await chain.Router.QuoteExactInAsync(amountIn, path, cancellationToken: cancellationToken);
        var chainTime = (await head ?? throw new InvalidOperationException("The node returned no latest block.")).Time();
        var minOut = swap.MinimumOut(options.Value.SlippageBps);
        var notional = intent.Side == TradeSide.Buy ? intent.AmountIn * usd.QuoteTokenUsd : intent.AmountIn * usd.BaseUsd;

        var gas = await GasAsync(intent, amountIn, minOut, path, chainTime, cancellationToken);
        var fees = await chain.Fees.EstimateAsync(cancellationToken);
        var perGas = fees.IsEip1559 ? (fees.BaseFeePerGas ?? 0) + fees.MaxPriorityFeePerGas!.Value : fees.GasPrice!.Value;
        var gasUsd = TokenUnits.ToHuman(perGas * gas, 18) * usd.NativeUsd;

        return new TradeQuote(
            amountIn, swap.AmountOut, minOut,
            (int)Math.Ceiling(swap.PriceImpactBps),
            notional,
            Math.Round(gasUsd, 6),
            Math.Round(notional * LpFeeBps * (path.Count - 1) / 10_000m, 6),
            usd.BaseUsd, usd.QuoteTokenUsd, usd.NativeUsd, chainTime);
    }

    /// <summary>The oracle's latest assessment of one symbol.</summary>
    public Task<PriceAssessment> AssessmentAsync(string symbol, CancellationToken cancellationToken) => prices.CurrentAsync(symbol, cancellationToken);

    /// <summary>The swap path: the direct pool when it exists, else through the router's WETH.</summary>
    public async Task<IReadOnlyList<Address>> PathAsync(TradeIntent intent, CancellationToken cancellationToken)
    {
        var tokenIn = Address.Parse(intent.TokenIn.Address);
        var tokenOut = Address.Parse(intent.TokenOut.Address);
        try
        {
            await chain.Router.PairsAsync([tokenIn, tokenOut], cancellationToken);
            return [tokenIn, tokenOut];
        }
        catch (InvalidOperationException) when (tokens.Find("WETH") is { } weth && weth.Address != tokenIn && weth.Address != tokenOut)
        {
            return [tokenIn, weth.Address, tokenOut];
        }
    }

    /// <summary>The swap as the router is called: exact input, amountOutMin, to the trading wallet, with the order's deadline.</summary>
    public async Task<ContractCall> SwapCallAsync(TradeIntent intent, SwapOrder order, CancellationToken cancellationToken) =>
        UniswapV2Router.SwapExactTokensForTokens(chain.Router.Address, order.AmountInRaw, order.AmountOutMinRaw,
            await PathAsync(intent, cancellationToken), chain.Wallet, order.Deadline);

    /// <summary>Gas of the trade's transactions: its exact approval (every LIVE trade sends one) and the swap, estimated when the chain can tell.</summary>
    private async Task<ulong> GasAsync(TradeIntent intent, BigInteger amountIn, BigInteger minOut, IReadOnlyList<Address> path, DateTimeOffset chainTime,
        CancellationToken cancellationToken)
    {
        if (!chain.HasSigner) return options.Value.SwapGasFallback + ApprovalGas;
        var token = new Erc20(chain.Pool, Address.Parse(intent.TokenIn.Address));
        var allowance = await token.AllowanceAsync(chain.Wallet, chain.Router.Address, cancellationToken: cancellationToken);
        var balance = await token.BalanceOfAsync(chain.Wallet, cancellationToken: cancellationToken);
        // The swap can be estimated only where the allowance and balance already cover it.
        if (allowance < amountIn || balance < amountIn) return options.Value.SwapGasFallback + ApprovalGas;
        var call = UniswapV2Router.SwapExactTokensForTokens(chain.Router.Address, amountIn, minOut, path, chain.Wallet, chainTime.AddMinutes(10));
        try
        {
            return (await chain.Gas.EstimateAsync(call, chain.Wallet, cancellationToken)).GasLimit + ApprovalGas;
        }
        catch (ContractRevertException)
        {
            return options.Value.SwapGasFallback + ApprovalGas;
        }
    }
}
