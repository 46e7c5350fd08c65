namespace ChainTrader.Core.Oracles;

public enum PriceVerdict
{
    Usable,
    NotUsable,
}
