using System.Globalization;
using System.Numerics;

namespace ChainTrader.Core.Oracles;

public enum PriceVerdict
{
    Usable,
    NotUsable,
}
