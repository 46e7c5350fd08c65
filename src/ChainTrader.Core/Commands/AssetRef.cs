namespace ChainTrader.Core.Commands;

/// <summary>A token named by its symbol (upper-cased) or by its contract address.</summary>
public abstract record AssetRef
{
    public abstract string Display { get; }
}
