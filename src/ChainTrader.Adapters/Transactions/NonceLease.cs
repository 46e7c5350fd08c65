using ChainTrader.Core.Evm;

namespace ChainTrader.Adapters.Transactions;

/// <summary>A nonce handed to one caller. Sign with it, store the signed transaction, then <see cref="NonceManager.MarkSignedAsync"/>.</summary>
public sealed record NonceLease(ulong ChainId, Address Signer, ulong Nonce);
