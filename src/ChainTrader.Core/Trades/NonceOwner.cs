namespace ChainTrader.Core.Trades;

/// <summary>Where the trade that holds a nonce stands.</summary>
public enum NonceOwner
{
    /// <summary>Its trade is still running: it will use the nonce (and watches the transaction signed with it).</summary>
    Live,

    /// <summary>Its trade ended (final, failed, cancelled, expired, rejected): nobody will broadcast with this nonce again.</summary>
    Ended,

    /// <summary>A signing row names it, but its trade is gone.</summary>
    Gone,

    /// <summary>No signing row names it: a reservation whose worker died before claiming it.</summary>
    Unclaimed,
}
