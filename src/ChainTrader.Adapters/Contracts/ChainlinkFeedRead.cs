using ChainTrader.Core.Evm;

namespace ChainTrader.Adapters.Contracts;

/// <summary>One feed's outcome: a round, or why it could not be read (the other feeds are unaffected).</summary>
public sealed record ChainlinkFeedRead(Address Feed, ChainlinkRound? Round, string? Error)
{
    public bool Succeeded => Round is not null;
}
