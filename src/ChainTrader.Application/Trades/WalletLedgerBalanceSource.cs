using System.Globalization;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Operations;
using ChainTrader.Application.Storage;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Application.Trades;

/// <summary>
/// The trading wallet's expected balances for reconciliation: the native coin and every token the desk trades (the
/// quote token and the traded tokens), each from an opening baseline read from the chain once (stored insert-if-absent
/// in the <c>Reconciliation</c> table with the block it was read at) plus every settled chain fill and every approval
/// mined after that block (<see cref="WalletBalances"/>), an approval whose trade ended before its receipt was seen
/// included. While a LIVE trade is in flight (confirmed but not yet settled) the chain and the ledger legitimately
/// differ, so the chain is deferred rather than compared. Without a signer (SIGNER_PRIVATE_KEY) there is no wallet, and
/// the source says reconciliation is off.
/// </summary>
public sealed class WalletLedgerBalanceSource(AppTables tables, TradeChain chain, TradingTokens tokens, TradeStore trades, LedgerStore ledger,
    TimeProvider clock) : ILedgerBalanceSource
{
    /// <summary>Fills are read from this long before the earliest baseline (their At is a settlement time; blocks decide).</summary>
    private static readonly TimeSpan FillLookback = TimeSpan.FromDays(1);

    /// <summary>
    /// A transaction without a receipt whose nonce is used is taken as never mined only this long after its broadcast: a
    /// node that answers the nonce but not yet the receipt is lagging, and lag this long marks an endpoint unhealthy.
    /// </summary>
    private static readonly TimeSpan NeverMinedAfter = TimeSpan.FromMinutes(10);

    private const int NativeDecimals = 18;

    private sealed record Asset(string Key, Address? Token, string Symbol, int Decimals);

    public string? Unavailable => chain.HasSigner ? null : "no trading wallet: SIGNER_PRIVATE_KEY is not set";

    public async Task<LedgerBalances> ExpectedBalancesAsync(CancellationToken cancellationToken)
    {
        var name = chain.Chain.Name;
        // The balances are stated for (and compared at) a block read before looking for trades in flight: a transaction
        // mined up to it belongs to a trade that is either still in flight now (the run is deferred) or settled already
        // (its fill is read below). Anything mined later is left out on both sides.
        var block = await chain.Pool.GetBlockNumberAsync(cancellationToken);
        var inFlight = await LiveTradesInFlightAsync(cancellationToken);
        if (inFlight > 0)
            return new LedgerBalances([], [new DeferredChain(name, $"{inFlight.ToString(CultureInfo.InvariantCulture)} trades in flight")]);

        await RecordMinedApprovalsAsync(block, cancellationToken);
        var wallet = chain.Wallet;
        var assets = Assets();
        var baselines = await BaselinesAsync(wallet, assets, block, cancellationToken);
        var fills = await ledger.FillsAsync(ExecutionMode.Live, baselines.Min(b => b.ReadAt) - FillLookback, cancellationToken);
        var gas = await ledger.GasChargesAsync(baselines.Min(b => b.Baseline.Block), cancellationToken);
        var expected = WalletBalances.Expected(baselines.Select(b => b.Baseline).ToList(), fills.Select(f => f.Fill).ToList(), gas, checked((long)block));
        return LedgerBalances.Of(expected.Select(e =>
        {
            var asset = assets.First(a => a.Key == e.Asset);
            return new ExpectedBalance(name, wallet, asset.Token, asset.Symbol, asset.Decimals, e.Amount, block);
        }).ToList());
    }

    /// <summary>
    /// Approvals whose gas is not recorded yet (their trade ended before the receipt was seen): recorded once mined at or
    /// below <paramref name="block"/>; forgotten when, well after their broadcast, the wallet's nonce has passed them and
    /// they have no receipt (another transaction took the nonce, so they can never be mined).
    /// </summary>
    private async Task RecordMinedApprovalsAsync(ulong block, CancellationToken cancellationToken)
    {
        var pending = await ledger.PendingGasAsync(cancellationToken);
        if (pending.Count == 0) return;
        var nextNonce = await chain.Pool.GetTransactionCountAsync(chain.Wallet.ToLowerHex(), new BlockParameter(block), cancellationToken);
        foreach (var approval in pending)
        {
            var receipt = await chain.Pool.GetTransactionReceiptAsync(approval.TxHash, cancellationToken);
            if (receipt is not null && receipt.Height() <= block)
                await ledger.RecordGasAsync(receipt, approval.Purpose, cancellationToken);
            else if (receipt is null && (ulong)approval.Nonce < nextNonce && clock.GetUtcNow() - approval.BroadcastAt > NeverMinedAfter)
                await ledger.ForgetPendingGasAsync(approval.TxHash, cancellationToken);
        }
    }

    /// <summary>Confirmed LIVE trades whose last effects (settlement included) are not done yet.</summary>
    private async Task<int> LiveTradesInFlightAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var id in await trades.OpenTradeIdsAsync(cancellationToken))
        {
            if ((await trades.GetAsync(id, cancellationToken))?.Trade.Mode == ExecutionMode.Live) count++;
        }
        return count;
    }

    private List<Asset> Assets() =>
    [
        new(WalletBalances.Native, null, chain.Chain.NativeSymbol, NativeDecimals),
        .. tokens.All.DistinctBy(t => t.Address).Select(t => new Asset(t.Address.ToLowerHex(), t.Address, t.TokenSymbol, t.Decimals)),
    ];

    /// <summary>The stored baseline of every asset; assets without one are read from the chain at <paramref name="block"/> and stored first.</summary>
    private async Task<IReadOnlyList<(WalletBaseline Baseline, DateTimeOffset ReadAt)>> BaselinesAsync(Address wallet, IReadOnlyList<Asset> assets,
        ulong block, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(BalanceReconciler.TableName, cancellationToken);
        var partition = $"baseline:{chain.Chain.Name.ToLowerInvariant()}:{wallet.ToLowerHex()}";
        var stored = await StoredAsync(table, partition, cancellationToken);
        var missing = assets.Where(a => !stored.ContainsKey(a.Key)).ToList();
        if (missing.Count > 0)
        {
            var readAt = clock.GetUtcNow();
            var at = new BlockParameter(block);
            var held = missing.Where(a => a.Token is not null).ToList();
            var balances = await Erc20.BalancesAsync(chain.Pool, wallet, held.Select(a => a.Token!.Value).ToList(), at, cancellationToken);
            var read = held.Select((a, i) => (a, balances[i])).ToList();
            if (missing.Any(a => a.Token is null))
                read.Add((missing.First(a => a.Token is null), await chain.Pool.GetBalanceAsync(wallet.ToLowerHex(), at, cancellationToken)));
            foreach (var (asset, amount) in read)
            {
                // Insert-if-absent: of several instances the first reading stands.
                await table.TryInsertAsync(new TableRow(partition, asset.Key)
                    .Set("Symbol", asset.Symbol)
                    .SetBigInteger("Amount", amount)
                    .Set("Block", checked((long)block))
                    .Set("ReadAt", readAt), cancellationToken);
            }
            stored = await StoredAsync(table, partition, cancellationToken);
        }
        return assets.Select(a => stored[a.Key]).ToList();
    }

    private static async Task<Dictionary<string, (WalletBaseline, DateTimeOffset)>> StoredAsync(EntityTable table, string partition, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, (WalletBaseline, DateTimeOffset)>(StringComparer.OrdinalIgnoreCase);
        await foreach (var row in table.QueryAsync(TableFilter.PartitionKeyEquals(partition), cancellationToken: cancellationToken))
            stored[row.RowKey] = (new WalletBaseline(row.RowKey, row.GetBigInteger("Amount"), row.GetInt64("Block")), row.GetDateTimeOffset("ReadAt"));
        return stored;
    }
}
