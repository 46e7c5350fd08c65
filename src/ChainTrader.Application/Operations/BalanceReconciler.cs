using System.Numerics;
using Azure.Data.Tables;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Storage;
using ChainTrader.Application.Storage;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Application.Operations;

/// <summary>
/// Compares the ledger's expected balances of the signer wallet with the chain: native balances by eth_getBalance and
/// ERC-20 balances in one batch (<see cref="Erc20.BalancesAsync"/>), all at one block so the figures are consistent: the
/// block the ledger stated its amounts for (<see cref="ExpectedBalance.AtBlock"/>), else the head.
/// A balance within RECONCILIATION_TOLERANCE_BPS of the expected amount matches. Each chain's latest result is stored in
/// the <c>Reconciliation</c> table (partition "latest", row = chain), where the alert sweep reads it.
/// </summary>
public sealed class BalanceReconciler(AppTables tables, TimeProvider clock)
{
    public const string TableName = "Reconciliation";
    private const string Partition = "latest";

    public async Task<IReadOnlyList<ReconciliationResult>> ReconcileAsync(IReadOnlyList<ExpectedBalance> expected, Func<string, IRpcChannel> rpcFor,
        int toleranceBps, CancellationToken cancellationToken)
    {
        var results = new List<ReconciliationResult>();
        foreach (var chain in expected.GroupBy(e => e.Chain, StringComparer.OrdinalIgnoreCase))
        {
            var result = await ReconcileChainAsync(chain.Key, chain.ToList(), rpcFor(chain.Key), toleranceBps, cancellationToken);
            await StoreAsync(result, cancellationToken);
            results.Add(result);
        }
        return results;
    }

    /// <summary>The latest stored result of every chain.</summary>
    public async Task<IReadOnlyList<StoredReconciliation>> LatestAsync(CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var latest = new List<StoredReconciliation>();
        await foreach (var row in table.QueryAsync(TableFilter.PartitionKeyEquals(Partition), cancellationToken: cancellationToken))
            latest.Add(new StoredReconciliation(row.RowKey, row.GetDateTimeOffset("CheckedAt"), (ulong)row.GetInt64("Block"), row.GetInt32("Checked"),
                row.GetInt32("MismatchCount"), row.Contains("Mismatches") ? row.GetString("Mismatches") : ""));
        return latest;
    }

    private async Task<ReconciliationResult> ReconcileChainAsync(string chain, IReadOnlyList<ExpectedBalance> expected, IRpcChannel rpc, int toleranceBps,
        CancellationToken cancellationToken)
    {
        var block = expected.Max(e => e.AtBlock) ?? await rpc.GetBlockNumberAsync(cancellationToken);
        var at = new BlockParameter(block);
        var mismatches = new List<BalanceMismatch>();
        foreach (var owner in expected.GroupBy(e => e.Owner))
        {
            var tokens = owner.Where(e => e.Token is not null).ToList();
            var onChain = await Erc20.BalancesAsync(rpc, owner.Key, tokens.Select(t => t.Token!.Value).ToList(), at, cancellationToken);
            var pairs = tokens.Select((t, i) => (Expected: t, OnChain: onChain[i])).ToList<(ExpectedBalance Expected, BigInteger OnChain)>();
            foreach (var native in owner.Where(e => e.Token is null))
                pairs.Add((native, await rpc.GetBalanceAsync(owner.Key.ToLowerHex(), at, cancellationToken)));
            foreach (var (want, have) in pairs)
            {
                if (!WithinTolerance(want.Amount, have, toleranceBps))
                    mismatches.Add(new BalanceMismatch(want.Symbol, want.Owner, want.Token, want.Decimals, want.Amount, have));
            }
        }
        return new ReconciliationResult(chain, block, clock.GetUtcNow(), expected.Count, mismatches);
    }

    /// <summary>|chain − ledger| ≤ ledger × bps / 10 000; a ledger amount of zero tolerates nothing.</summary>
    public static bool WithinTolerance(BigInteger expected, BigInteger actual, int toleranceBps) =>
        BigInteger.Abs(actual - expected) * 10_000 <= BigInteger.Abs(expected) * toleranceBps;

    /// <summary>Stores <paramref name="result"/> as its chain's latest (replacing the previous one).</summary>
    public async Task StoreAsync(ReconciliationResult result, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(TableName, cancellationToken);
        var text = string.Join("\n", result.Mismatches.Select(m => m.Describe()));
        var entity = new TableRow(Partition, result.Chain.ToLowerInvariant())
            .Set("CheckedAt", result.CheckedAt)
            .Set("Block", checked((long)result.Block))
            .Set("Checked", result.Checked)
            .Set("MismatchCount", result.Mismatches.Count)
            .Set("Mismatches", text.Length > 8000 ? text[..8000] + "…" : text);
        await table.UpsertAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }
}
