using System.Numerics;
using System.Text.Json.Serialization;
using ChainTrader.Core.Risk;

namespace ChainTrader.Core.Trades;

/// <summary>Send these exact bytes (to several endpoints) and report <see cref="BroadcastResult"/>.</summary>
public sealed record BroadcastTransaction(string Hash, string RawTransaction) : TradeEffect;
