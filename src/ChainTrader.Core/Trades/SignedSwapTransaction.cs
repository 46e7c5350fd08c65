namespace ChainTrader.Core.Trades;

/// <summary>A signed transaction as reported by the signer: hash = keccak256(raw).</summary>
public sealed record SignedSwapTransaction(long Nonce, string Hash, string RawTransaction, TxFees Fees);
