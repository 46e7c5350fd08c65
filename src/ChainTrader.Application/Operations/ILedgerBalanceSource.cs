namespace ChainTrader.Application.Operations;

/// <summary>
/// The ledger's view of the signer wallet's balances, for reconciliation against the chain. The trading wiring
/// registers <c>WalletLedgerBalanceSource</c>; without a source, or while it is <see cref="Unavailable"/> (no trading
/// wallet), reconciliation does not run and Housekeeping logs that it is off.
/// </summary>
public interface ILedgerBalanceSource
{
    /// <summary>Why this deployment has no balances to reconcile (e.g. no trading wallet is configured), or null when it has.</summary>
    string? Unavailable => null;

    Task<LedgerBalances> ExpectedBalancesAsync(CancellationToken cancellationToken);
}
