using System.Numerics;

namespace ChainTrader.Core.Oracles;

/// <summary>One parsed Pyth price as Hermes serves it: price and conf are integers scaled by 10^expo.</summary>
public sealed record PythObservation(string Symbol, string FeedId, BigInteger Price, BigInteger Conf, int Expo, long PublishTime)
{
    public string Source => $"pyth {Symbol}/USD";
}
