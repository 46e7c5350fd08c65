using System.Collections.Concurrent;
using System.Text;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Evm.Abi;
using ChainTrader.Core.Watching;
using ChainTrader.Functions.Chains;

namespace ChainTrader.Functions.Watching;

/// <summary>ERC-20 decimals and symbol, for showing token amounts in human units.</summary>
public interface ITokenMetadataSource
{
    /// <summary>Metadata of those tokens that have it; a token without (no contract, reverting or non-standard calls) is left out.</summary>
    Task<IReadOnlyDictionary<Address, TokenInfo>> GetAsync(string chain, IEnumerable<Address> tokens, CancellationToken ct);
}

/// <summary>
/// Reads decimals() and symbol() of every token not seen before in ONE batch per call, and remembers the answer per chain
/// for the life of the process (both are immutable in practice). A node's answer that the token has no such metadata is
/// remembered too; a transport failure is not (it throws, and the next call asks again).
/// </summary>
public sealed class TokenMetadataCache(ChainRpcPools pools) : ITokenMetadataSource
{
    private static readonly AbiFunction Decimals = AbiFunction.Parse("decimals() view returns (uint8)");
    private static readonly AbiFunction Symbol = AbiFunction.Parse("symbol() view returns (string)");

    private readonly ConcurrentDictionary<(string Chain, Address Token), TokenInfo?> _known = new();

    public async Task<IReadOnlyDictionary<Address, TokenInfo>> GetAsync(string chain, IEnumerable<Address> tokens, CancellationToken ct)
    {
        var wanted = tokens.Distinct().ToList();
        var missing = wanted.Where(t => !_known.ContainsKey((chain, t))).ToList();
        if (missing.Count > 0)
        {
            var batch = pools.For(chain).CreateBatch();
            var calls = missing.Select(token => (
                Token: token,
                Decimals: batch.Add(Eth.Call(new TransactionRequest { To = token.ToLowerHex(), Data = Decimals.Encode() }, BlockTag.Latest)),
                Symbol: batch.Add(Eth.Call(new TransactionRequest { To = token.ToLowerHex(), Data = Symbol.Encode() }, BlockTag.Latest))))
                .ToList();
            await batch.SendAsync(ct);
            foreach (var call in calls)
                _known[(chain, call.Token)] = Read(call.Decimals, call.Symbol);
        }
        var result = new Dictionary<Address, TokenInfo>();
        foreach (var token in wanted)
        {
            if (_known.TryGetValue((chain, token), out var info) && info is not null) result[token] = info;
        }
        return result;
    }

    private static TokenInfo? Read(RpcBatchItem<byte[]> decimalsCall, RpcBatchItem<byte[]> symbolCall)
    {
        if (decimalsCall.Error is not null || symbolCall.Error is not null) return null;
        try
        {
            var decimals = (int)Decimals.DecodeOutput(decimalsCall.Result).Get<System.Numerics.BigInteger>(0);
            var symbol = ReadSymbol(symbolCall.Result);
            return symbol is null ? null : new TokenInfo(symbol, decimals);
        }
        catch (AbiDecodingException)
        {
            return null; // no contract there (empty return data) or not an ERC-20
        }
    }

    /// <summary>symbol() as a string, or as bytes32 (some early tokens, e.g. MKR); null when neither gives printable text.</summary>
    private static string? ReadSymbol(byte[] data)
    {
        var text = data.Length == 32
            ? Encoding.UTF8.GetString(data.AsSpan().TrimEnd((byte)0))
            : Symbol.DecodeOutput(data).Get<string>(0);
        text = text.Trim();
        return text.Length is > 0 and <= 32 && !text.Any(char.IsControl) ? text : null;
    }
}
