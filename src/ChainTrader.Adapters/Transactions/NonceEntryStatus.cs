namespace ChainTrader.Adapters.Transactions;

public enum NonceEntryStatus
{
    /// <summary>Handed out; no signed transaction recorded for it yet.</summary>
    Reserved,

    /// <summary>A signed transaction with this nonce exists (stored by the lifecycle); the nonce is spent from our side.</summary>
    Signed,

    /// <summary>Handed back or abandoned: the next reservation takes it, so no gap is left.</summary>
    Released,
}
