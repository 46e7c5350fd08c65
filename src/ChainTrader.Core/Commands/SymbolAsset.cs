namespace ChainTrader.Core.Commands;

public sealed record SymbolAsset(string Symbol) : AssetRef
{
    public override string Display => Symbol;
}
