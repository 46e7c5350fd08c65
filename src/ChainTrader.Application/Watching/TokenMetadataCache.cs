using System.Collections.Concurrent;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Watching;
using ChainTrader.Application.Chains;

namespace ChainTrader.Application.Watching;

/// <summary>
/// Reads decimals() and symbol() through the ERC-20 contract reader for every token not seen before (all tokens at once),
/// and remembers the answer per chain for the life of the process (both are immutable in practice). A node's answer that
/// the token has no such metadata (a revert, no code, undecodable output) is remembered too; a transport failure is not:
/// it throws, and the next scan asks again.
/// </summary>
public sealed class TokenMetadataCache(ChainRpcPools pools) : ITokenMetadataSource
{
    private readonly ConcurrentDictionary<(string Chain, Address Token), TokenInfo?> _known = new();

    public async Task<IReadOnlyDictionary<Address, TokenInfo>> GetAsync(string chain, IEnumerable<Address> tokens, CancellationToken ct)
    {
        var wanted = tokens.Distinct().ToList();
        var rpc = pools.For(chain);
        await Task.WhenAll(wanted.Where(t => !_known.ContainsKey((chain, t))).Select(async token =>
            _known[(chain, token)] = await ReadAsync(new Erc20(rpc, token), ct)));
        var result = new Dictionary<Address, TokenInfo>();
        foreach (var token in wanted)
        {
            if (_known.TryGetValue((chain, token), out var info) && info is not null) result[token] = info;
        }
        return result;
    }

    private static async Task<TokenInfo?> ReadAsync(Erc20 token, CancellationToken ct)
    {
        try
        {
            var decimals = token.DecimalsAsync(cancellationToken: ct);
            var symbol = token.SymbolAsync(cancellationToken: ct);
            await Task.WhenAll(decimals, symbol);
            var text = symbol.Result.Trim();
            return text.Length is > 0 and <= 32 && !text.Any(char.IsControl) ? new TokenInfo(text, decimals.Result) : null;
        }
        catch (Exception ex) when (ex is ContractRevertException or FormatException or OverflowException)
        {
            return null;
        }
    }
}
