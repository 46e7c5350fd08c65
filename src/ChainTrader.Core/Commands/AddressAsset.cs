using ChainTrader.Core.Evm;

namespace ChainTrader.Core.Commands;

/// <summary>A token contract address (EIP-55 checked when written in mixed case); shown checksummed.</summary>
public sealed record AddressAsset(Address Address) : AssetRef
{
    public override string Display => Address.ToString();
}
