namespace ChainTrader.Core.Trades;

/// <summary>Where the trade that holds a nonce stands.</summary>
public enum NonceOwner
{
    /// <summary>Its trade is still running: it will use the nonce (and watches the transaction signed with it).</summary>
    Live,

    /// <summary>Its trade ended (final, failed, cancelled, expired, rejected): nobody will broadcast with this nonce again.</summary>
    Ended,

    /// <summary>No trade claims it (the trade is gone, or no signing row names the nonce).</summary>
    Gone,
}
