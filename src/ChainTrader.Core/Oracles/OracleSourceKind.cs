using System.Numerics;

namespace ChainTrader.Core.Oracles;

public enum OracleSourceKind
{
    Chainlink,
    Pyth,
}
