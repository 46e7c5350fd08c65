using System.Numerics;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;
using Nethereum.ABI.Model;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Adapters.Contracts;

/// <summary>A Uniswap V2 pair: reserves and tokens over JSON-RPC, and decoding of its <c>Swap</c>/<c>Sync</c> logs.</summary>
public sealed class UniswapV2Pair
{
    public static readonly FunctionABI GetReservesFunction = AbiDeclarations.Function(
        "function getReserves() view returns (uint112 reserve0, uint112 reserve1, uint32 blockTimestampLast)");
    public static readonly FunctionABI Token0Function = AbiDeclarations.Function("function token0() view returns (address)");
    public static readonly FunctionABI Token1Function = AbiDeclarations.Function("function token1() view returns (address)");
    public static readonly EventABI SwapEvent = AbiDeclarations.Event(
        "event Swap(address indexed sender, uint256 amount0In, uint256 amount1In, uint256 amount0Out, uint256 amount1Out, address indexed to)");
    public static readonly EventABI SyncEvent = AbiDeclarations.Event("event Sync(uint112 reserve0, uint112 reserve1)");

    private readonly IRpcChannel _rpc;

    public UniswapV2Pair(IRpcChannel rpc, Address pair)
    {
        _rpc = rpc ?? throw new ArgumentNullException(nameof(rpc));
        Address = pair;
    }

    public Address Address { get; }

    /// <summary>token0, token1 and getReserves in one batch.</summary>
    public async Task<UniswapV2Reserves> ReadAsync(BlockParameter? block = null, CancellationToken cancellationToken = default)
    {
        var batch = _rpc.CreateBatch();
        var read = Add(batch, Address, block ?? BlockParameter.CreateLatest());
        await batch.SendAsync(cancellationToken).ConfigureAwait(false);
        return read();
    }

    /// <summary>Adds this pair's token0/token1/getReserves calls to a batch; the function reads them after it was sent.</summary>
    internal static Func<UniswapV2Reserves> Add(RpcBatch batch, Address pair, BlockParameter block)
    {
        var token0 = batch.Add(Eth.Call(new ContractCall(pair, Token0Function.EncodeCall()).ToCallInput(), block));
        var token1 = batch.Add(Eth.Call(new ContractCall(pair, Token1Function.EncodeCall()).ToCallInput(), block));
        var reserves = batch.Add(Eth.Call(new ContractCall(pair, GetReservesFunction.EncodeCall()).ToCallInput(), block));
        return () =>
        {
            var r = ContractReads.Decode(GetReservesFunction, pair, reserves);
            return new UniswapV2Reserves(pair,
                Address.Parse(ContractReads.Decode(Token0Function, pair, token0).Get<string>(0)),
                Address.Parse(ContractReads.Decode(Token1Function, pair, token1).Get<string>(0)),
                r.Get<BigInteger>("reserve0"), r.Get<BigInteger>("reserve1"), (uint)r.Get<BigInteger>("blockTimestampLast"));
        };
    }

    /// <summary>
    /// Every <c>Swap</c> log among <paramref name="logs"/>, in log order. Any contract can emit a log of this shape:
    /// callers settle only swaps whose <see cref="UniswapV2Swap.Pair"/> is a pair they expect.
    /// </summary>
    public static IReadOnlyList<UniswapV2Swap> Swaps(IEnumerable<FilterLog> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        return logs.Where(l => l.Is(SwapEvent)).Select(log =>
        {
            var v = EventLogs.Decode(SwapEvent, log);
            return new UniswapV2Swap(Address.Parse(log.Address), Address.Parse(v.Get<string>("sender")), Address.Parse(v.Get<string>("to")),
                v.Get<BigInteger>("amount0In"), v.Get<BigInteger>("amount1In"), v.Get<BigInteger>("amount0Out"), v.Get<BigInteger>("amount1Out"),
                log.Index());
        }).ToList();
    }

    /// <summary>Every <c>Sync</c> log among <paramref name="logs"/>, in log order (same caveat as <see cref="Swaps"/>).</summary>
    public static IReadOnlyList<UniswapV2Sync> Syncs(IEnumerable<FilterLog> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        return logs.Where(l => l.Is(SyncEvent)).Select(log =>
        {
            var v = EventLogs.Decode(SyncEvent, log);
            return new UniswapV2Sync(Address.Parse(log.Address), v.Get<BigInteger>("reserve0"), v.Get<BigInteger>("reserve1"), log.Index());
        }).ToList();
    }

    /// <summary>Uniswap V2 orders a pair's tokens by address: token0 is the lower one.</summary>
    public static (Address Token0, Address Token1) SortTokens(Address a, Address b)
    {
        if (a == b) throw new ArgumentException($"A pair needs two different tokens; both are {a}.", nameof(b));
        return string.CompareOrdinal(a.ToLowerHex(), b.ToLowerHex()) < 0 ? (a, b) : (b, a);
    }
}
