using ChainTrader.Core.Evm;
using ChainTrader.Core.Watching;

namespace ChainTrader.Application.Watching;

/// <summary>ERC-20 decimals and symbol, for showing token amounts in human units.</summary>
public interface ITokenMetadataSource
{
    /// <summary>Metadata of those tokens that have it; a token without (no contract, reverting or non-standard calls) is left out.</summary>
    Task<IReadOnlyDictionary<Address, TokenInfo>> GetAsync(string chain, IEnumerable<Address> tokens, CancellationToken ct);
}
