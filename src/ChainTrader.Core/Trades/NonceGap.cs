namespace ChainTrader.Core.Trades;

/// <summary>
/// The lowest nonce the node cannot execute after healing: the account's pending count <paramref name="PendingCount"/>, the
/// missing nonce <paramref name="Nonce"/> and what holds it (<paramref name="Holder"/>, e.g. "was filled with … : refused").
/// </summary>
public sealed record NonceGap(ulong PendingCount, ulong Nonce, string Holder)
{
    /// <summary>True when <paramref name="nonce"/> cannot be mined until this gap is filled.</summary>
    public bool Blocks(long nonce) => nonce >= 0 && (ulong)nonce >= PendingCount;

    /// <summary>Why <paramref name="nonce"/> cannot be mined, for the trade's failure and the admin alert.</summary>
    public string Describe(long nonce) => nonce == (long)Nonce
        ? $"nonce {nonce} {Holder}; the node's pending count is {PendingCount}"
        : $"nonce {nonce} waits behind nonce {Nonce}, which {Holder}; the node's pending count is {PendingCount}";
}
