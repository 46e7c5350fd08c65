namespace ChainTrader.Core.Oracles;

public enum OracleSourceKind
{
    Chainlink,
    Pyth,
}
