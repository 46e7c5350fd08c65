namespace ChainTrader.Core.Trades;

/// <summary>What to do about one <see cref="StuckNonce"/>.</summary>
public enum NonceRemedy
{
    /// <summary>Leave it: its trade is about to sign, or its transaction is in the node's queue waiting for a gap below to fill.</summary>
    Wait,

    /// <summary>Send the stored signed bytes again (the network dropped them; the trade still wants them).</summary>
    Resend,

    /// <summary>Use the nonce for a zero-value transfer to ourselves, as relayers do, so the nonces above it can be mined.</summary>
    Fill,
}
