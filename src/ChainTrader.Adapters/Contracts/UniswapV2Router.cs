using System.Collections.Concurrent;
using System.Numerics;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;
using Nethereum.ABI.FunctionEncoding;
using Nethereum.ABI.Model;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Adapters.Contracts;

/// <summary>
/// The canonical Uniswap V2 router (UniswapV2Router02 and its forks): quotes over JSON-RPC and calldata for the three
/// exact-input swap forms, always with <c>amountOutMin</c> and a deadline.
/// </summary>
public sealed class UniswapV2Router
{
    public static readonly FunctionABI GetAmountsOutFunction = AbiDeclarations.Function(
        "function getAmountsOut(uint256 amountIn, address[] path) view returns (uint256[] amounts)");
    public static readonly FunctionABI GetAmountsInFunction = AbiDeclarations.Function(
        "function getAmountsIn(uint256 amountOut, address[] path) view returns (uint256[] amounts)");
    public static readonly FunctionABI SwapExactTokensForTokensFunction = AbiDeclarations.Function(
        "function swapExactTokensForTokens(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[] amounts)");
    public static readonly FunctionABI SwapExactEthForTokensFunction = AbiDeclarations.Function(
        "function swapExactETHForTokens(uint256 amountOutMin, address[] path, address to, uint256 deadline) payable returns (uint256[] amounts)");
    public static readonly FunctionABI SwapExactTokensForEthFunction = AbiDeclarations.Function(
        "function swapExactTokensForETH(uint256 amountIn, uint256 amountOutMin, address[] path, address to, uint256 deadline) returns (uint256[] amounts)");
    public static readonly FunctionABI FactoryFunction = AbiDeclarations.Function("function factory() view returns (address)");
    public static readonly FunctionABI GetPairFunction = AbiDeclarations.Function("function getPair(address tokenA, address tokenB) view returns (address pair)");

    private readonly IRpcChannel _rpc;

    // A pair's address never changes once created, and the factory is immutable in the router: both are read once.
    private readonly ConcurrentDictionary<(Address, Address), Address> _pairs = new();
    private Address? _factory;

    public UniswapV2Router(IRpcChannel rpc, Address router)
    {
        _rpc = rpc ?? throw new ArgumentNullException(nameof(rpc));
        Address = router;
    }

    public Address Address { get; }

    public async Task<IReadOnlyList<BigInteger>> GetAmountsOutAsync(BigInteger amountIn, IReadOnlyList<Address> path, BlockParameter? block = null,
        CancellationToken cancellationToken = default)
    {
        RequirePositive(amountIn, nameof(amountIn));
        return Amounts(await _rpc.CallAsync(GetAmountsOutFunction, new ContractCall(Address, GetAmountsOutFunction.EncodeCall(amountIn, PathArgument(path))),
            block ?? BlockParameter.CreateLatest(), cancellationToken).ConfigureAwait(false));
    }

    public async Task<IReadOnlyList<BigInteger>> GetAmountsInAsync(BigInteger amountOut, IReadOnlyList<Address> path, BlockParameter? block = null,
        CancellationToken cancellationToken = default)
    {
        RequirePositive(amountOut, nameof(amountOut));
        return Amounts(await _rpc.CallAsync(GetAmountsInFunction, new ContractCall(Address, GetAmountsInFunction.EncodeCall(amountOut, PathArgument(path))),
            block ?? BlockParameter.CreateLatest(), cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// getAmountsOut plus every pool's reserves in one batch (after the pair addresses are known: the first quote on a path
    /// also asks the factory, once), with the price impact against the pools' mid prices.
    /// </summary>
    public async Task<SwapQuote> QuoteExactInAsync(BigInteger amountIn, IReadOnlyList<Address> path, BlockParameter? block = null,
        CancellationToken cancellationToken = default)
    {
        RequirePositive(amountIn, nameof(amountIn));
        var pathArgument = PathArgument(path);
        var pairs = await PairsAsync(path, cancellationToken).ConfigureAwait(false);
        var at = block ?? BlockParameter.CreateLatest();
        var batch = _rpc.CreateBatch();
        var quote = batch.Add(Eth.Call(new ContractCall(Address, GetAmountsOutFunction.EncodeCall(amountIn, pathArgument)).ToCallInput(), at));
        var pools = pairs.Select(pair => UniswapV2Pair.Add(batch, pair, at)).ToList();
        await batch.SendAsync(cancellationToken).ConfigureAwait(false);

        var amounts = Amounts(ContractReads.Decode(GetAmountsOutFunction, Address, quote));
        var reserves = pools.Select(read => read()).ToList();
        var hops = reserves.Select((r, i) => (r.ReserveOf(path[i]), r.ReserveOf(path[i + 1]))).ToList();
        var mid = UniswapV2Math.MidPriceAmountOut(amountIn, hops);
        var totalCost = mid.IsZero ? 10_000m : UniswapV2Math.BasisPoints(mid - amounts[^1], mid);
        return new SwapQuote(path.ToArray(), amounts, reserves, mid, UniswapV2Math.PriceImpactBps(amountIn, amounts[^1], hops), totalCost);
    }

    /// <summary>The pair of each hop of <paramref name="path"/>, from the factory (cached); a missing pool is an error naming the hop.</summary>
    public async Task<IReadOnlyList<Address>> PairsAsync(IReadOnlyList<Address> path, CancellationToken cancellationToken = default)
    {
        PathArgument(path);
        var keys = Enumerable.Range(0, path.Count - 1).Select(i => UniswapV2Pair.SortTokens(path[i], path[i + 1])).ToList();
        var missing = keys.Where(k => !_pairs.ContainsKey(k)).Distinct().ToList();
        if (missing.Count > 0)
        {
            var factory = _factory ??= Address.Parse((await _rpc.CallAsync(FactoryFunction, new ContractCall(Address, FactoryFunction.EncodeCall()),
                BlockParameter.CreateLatest(), cancellationToken).ConfigureAwait(false)).Get<string>(0));
            var batch = _rpc.CreateBatch();
            var lookups = missing.Select(k => (Key: k, Item: batch.Add(Eth.Call(
                new ContractCall(factory, GetPairFunction.EncodeCall(k.Item1.ToLowerHex(), k.Item2.ToLowerHex())).ToCallInput(), BlockParameter.CreateLatest())))).ToList();
            await batch.SendAsync(cancellationToken).ConfigureAwait(false);
            foreach (var (key, item) in lookups)
            {
                var pair = Address.Parse(ContractReads.Decode(GetPairFunction, factory, item).Get<string>(0));
                if (pair == Address.Zero) throw new InvalidOperationException($"Factory {factory} has no pool for {key.Item1}/{key.Item2}.");
                _pairs[key] = pair;
            }
        }
        return keys.Select(k => _pairs[k]).ToList();
    }

    /// <summary>swapExactTokensForTokens: spend exactly <paramref name="amountIn"/> of path[0] (approved to the router beforehand).</summary>
    public static ContractCall SwapExactTokensForTokens(Address router, BigInteger amountIn, BigInteger amountOutMin, IReadOnlyList<Address> path,
        Address to, DateTimeOffset deadline)
    {
        RequirePositive(amountIn, nameof(amountIn));
        return new ContractCall(router, SwapExactTokensForTokensFunction.EncodeCall(amountIn, MinimumOut(amountOutMin), PathArgument(path), Recipient(to), Deadline(deadline)));
    }

    /// <summary>swapExactETHForTokens: send exactly <paramref name="amountIn"/> wei as the call's value; path[0] must be the router's WETH.</summary>
    public static ContractCall SwapExactEthForTokens(Address router, BigInteger amountIn, BigInteger amountOutMin, IReadOnlyList<Address> path,
        Address to, DateTimeOffset deadline)
    {
        RequirePositive(amountIn, nameof(amountIn));
        return new ContractCall(router, SwapExactEthForTokensFunction.EncodeCall(MinimumOut(amountOutMin), PathArgument(path), Recipient(to), Deadline(deadline)), amountIn);
    }

    /// <summary>swapExactTokensForETH: spend exactly <paramref name="amountIn"/> of path[0]; path[^1] must be the router's WETH, paid out as ETH.</summary>
    public static ContractCall SwapExactTokensForEth(Address router, BigInteger amountIn, BigInteger amountOutMin, IReadOnlyList<Address> path,
        Address to, DateTimeOffset deadline)
    {
        RequirePositive(amountIn, nameof(amountIn));
        return new ContractCall(router, SwapExactTokensForEthFunction.EncodeCall(amountIn, MinimumOut(amountOutMin), PathArgument(path), Recipient(to), Deadline(deadline)));
    }

    /// <summary>
    /// The amounts a mined swap moved, from its logs: exactly one <c>Swap</c> per hop from the expected pairs, in path order;
    /// amount in is what the first pair received of path[0], amount out what the last pair sent of path[^1].
    /// </summary>
    public static SwapFill Fill(IEnumerable<FilterLog> logs, IReadOnlyList<Address> path, IReadOnlyList<Address> pairs)
    {
        PathArgument(path);
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count != path.Count - 1)
            throw new ArgumentException($"A path of {path.Count} tokens has {path.Count - 1} pairs, not {pairs.Count}.", nameof(pairs));
        var swaps = UniswapV2Pair.Swaps(logs).Where(s => pairs.Contains(s.Pair)).ToList();
        if (swaps.Count != pairs.Count || swaps.Select(s => s.Pair).Where((p, i) => p != pairs[i]).Any())
            throw new InvalidOperationException(
                $"Expected one Swap from each of {string.Join(" → ", pairs)} in order; the logs have {(swaps.Count == 0 ? "none" : string.Join(", ", swaps.Select(s => s.Pair)))}.");
        var first = swaps[0];
        var last = swaps[^1];
        var inIsToken0 = UniswapV2Pair.SortTokens(path[0], path[1]).Token0 == path[0];
        var outIsToken0 = UniswapV2Pair.SortTokens(path[^2], path[^1]).Token0 == path[^1];
        return new SwapFill(inIsToken0 ? first.Amount0In : first.Amount1In, outIsToken0 ? last.Amount0Out : last.Amount1Out, swaps);
    }

    private static IReadOnlyList<BigInteger> Amounts(IReadOnlyList<ParameterOutput> values) => values.Get<List<BigInteger>>(0);

    private static object[] PathArgument(IReadOnlyList<Address> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Count < 2) throw new ArgumentException($"A swap path needs at least two tokens; got {path.Count}.", nameof(path));
        for (var i = 1; i < path.Count; i++)
        {
            if (path[i] == path[i - 1]) throw new ArgumentException($"Swap path entries {i - 1} and {i} are the same token {path[i]}.", nameof(path));
        }
        return path.Select(a => (object)a.ToLowerHex()).ToArray();
    }

    /// <summary>amountOutMin 0 accepts any price, which is an open invitation to sandwich the swap: always demand one.</summary>
    private static BigInteger MinimumOut(BigInteger amountOutMin)
    {
        if (amountOutMin.Sign <= 0)
            throw new ArgumentOutOfRangeException(nameof(amountOutMin), amountOutMin,
                "amountOutMin must be positive: a swap without a minimum output accepts any price (see UniswapV2Math.MinimumOut).");
        return amountOutMin;
    }

    private static string Recipient(Address to) =>
        to == Address.Zero ? throw new ArgumentException("The swap recipient cannot be the zero address.", nameof(to)) : to.ToLowerHex();

    private static BigInteger Deadline(DateTimeOffset deadline)
    {
        if (deadline.ToUnixTimeSeconds() <= 0) throw new ArgumentOutOfRangeException(nameof(deadline), deadline, "The deadline must be after 1970.");
        return deadline.ToUnixTimeSeconds();
    }

    private static void RequirePositive(BigInteger amount, string name)
    {
        if (amount.Sign <= 0) throw new ArgumentOutOfRangeException(name, amount, $"{name} must be positive (got {amount}).");
    }
}
