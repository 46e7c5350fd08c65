namespace ChainTrader.Adapters.Transactions;

public enum BroadcastVerdict
{
    /// <summary>The endpoint took the transaction into its pool (its answer was our hash).</summary>
    Accepted,

    /// <summary>The endpoint already had our transaction (pending or mined), by its own word or by eth_getTransactionByHash.</summary>
    AlreadyKnown,

    /// <summary>"nonce too low" and our hash is unknown there: another transaction used the nonce.</summary>
    NonceConsumed,

    /// <summary>
    /// "nonce too high": a lower nonce of the sender is missing at the endpoint, so the transaction cannot execute yet
    /// (Hardhat's automine refuses to queue it; other nodes queue it). Sending it again once the gap is closed is right.
    /// </summary>
    NonceAhead,

    /// <summary>The endpoint refused it for another reason (underpriced, insufficient funds, ...).</summary>
    Rejected,

    /// <summary>No usable answer (connection, timeout, garbage).</summary>
    Unreachable,
}
