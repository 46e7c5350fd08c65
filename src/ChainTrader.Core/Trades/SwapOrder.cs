using System.Numerics;

namespace ChainTrader.Core.Trades;

/// <summary>
/// The swap to sign: exact input, min output and deadline. Router, path and recipient come from configuration.
/// <paramref name="Deadline"/> is in chain time (the router compares it with block.timestamp);
/// <paramref name="ChainClockOffset"/> is how far the chain's clock was ahead of the desk's when it was set.
/// </summary>
public sealed record SwapOrder(TokenLeg TokenIn, TokenLeg TokenOut, BigInteger AmountInRaw, BigInteger AmountOutMinRaw, DateTimeOffset Deadline,
    TimeSpan ChainClockOffset)
{
    /// <summary>The deadline on the desk's clock.</summary>
    public DateTimeOffset DeskDeadline => Deadline - ChainClockOffset;
}
