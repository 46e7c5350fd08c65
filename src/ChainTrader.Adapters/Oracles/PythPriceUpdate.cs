using System.Numerics;
using ChainTrader.Core.Oracles;

namespace ChainTrader.Adapters.Oracles;

/// <summary>One parsed price from Hermes: price and conf are integers scaled by 10^expo; publish time in Unix seconds.</summary>
public sealed record PythPriceUpdate(string FeedId, BigInteger Price, BigInteger Conf, int Expo, long PublishTime)
{
    public PythObservation ToObservation(string symbol) => new(symbol, FeedId, Price, Conf, Expo, PublishTime);
}
