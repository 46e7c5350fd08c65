namespace ChainTrader.Core.Commands;
/// <summary>Sell <see cref="Amount"/> of <see cref="Asset"/> (in token units); null means all of it.</summary>
public sealed record SellCommand(AssetRef Asset, decimal? Amount) : ChatCommand("sell")
{
    public bool All => Amount is null;
}
