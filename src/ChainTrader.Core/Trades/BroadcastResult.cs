using System.Numerics;
using System.Text.Json.Serialization;
using ChainTrader.Core.Risk;

namespace ChainTrader.Core.Trades;

public sealed record BroadcastResult(string Hash, BroadcastOutcome Outcome, string? Error = null) : TradeEvent;
