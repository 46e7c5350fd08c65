using System.Numerics;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Risk;

namespace ChainTrader.Functions.Operations;

/// <summary>
/// The desk's book as the breakers read it. The trade ledger implements this; until one is registered the daily stop,
/// weekly stop and max drawdown alerts are not evaluated (the sweep says so in its log).
/// </summary>
public interface IPortfolioSource
{
    /// <summary>The book marked at current prices, or null when there is no ledger yet (nothing traded).</summary>
    Task<PortfolioSnapshot?> CurrentAsync(CancellationToken cancellationToken);
}

/// <summary>One symbol the oracle judged untradable, and why (e.g. "chainlink ETH/USD age 95 s &gt; max 30 s").</summary>
public sealed record UntradableSymbol(string Symbol, string Reason);

/// <summary>The oracle's latest verdicts: which configured symbols can be traded now.</summary>
public sealed record TradableUniverse(IReadOnlyList<string> Tradable, IReadOnlyList<UntradableSymbol> Untradable, DateTimeOffset AssessedAt);

/// <summary>
/// The tradable universe from the oracle's latest verdicts. The oracle poller implements this; until one is registered
/// the empty-universe alert is not evaluated.
/// </summary>
public interface ITradableUniverseSource
{
    /// <summary>The latest verdicts, or null when the oracle has not assessed any symbol yet.</summary>
    Task<TradableUniverse?> CurrentAsync(CancellationToken cancellationToken);
}

/// <summary>
/// What the ledger says one wallet holds of one asset on one chain, in the asset's smallest unit.
/// <paramref name="Token"/> null means the chain's native coin. <paramref name="AtBlock"/> is the block the amount is
/// stated for (the chain is read there); null means the chain's head when it is read.
/// </summary>
public sealed record ExpectedBalance(string Chain, Address Owner, Address? Token, string Symbol, int Decimals, BigInteger Amount, ulong? AtBlock = null);

/// <summary>A chain whose balances cannot be compared this run (e.g. "2 trades in flight"); reconciliation retries it soon.</summary>
public sealed record DeferredChain(string Chain, string Reason);

/// <summary>The ledger's expected balances, and the chains it cannot state them for right now.</summary>
public sealed record LedgerBalances(IReadOnlyList<ExpectedBalance> Expected, IReadOnlyList<DeferredChain> Deferred)
{
    public static LedgerBalances Of(IReadOnlyList<ExpectedBalance> expected) => new(expected, []);
}

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
