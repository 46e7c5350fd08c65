using System.Collections.Concurrent;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Chains;
using ChainTrader.Application.Storage;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Application.Chains;

/// <summary>
/// Records, per enabled chain, the chain id and genesis block hash the desk's state belongs to (table
/// <see cref="TableName"/>, partition <c>chain</c>, row = chain name; written insert-if-absent the first time the desk
/// runs on the chain), and compares what each chain's RPC serves against it (<see cref="ChainStateRules"/>). A mismatch
/// means the stored trades, positions and nonces describe another chain: trading on it is refused, /readyz and
/// /system_status name it, and the alert sweep raises <c>chain_state.{chain}</c>. A verdict, once reached, holds for
/// the life of the process (genesis never changes; pointing at another chain or storage is a configuration change, a restart).
/// </summary>
public sealed partial class ChainStateGuard(ChainRpcPools pools, AppTables tables, ILogger<ChainStateGuard> logger) : IHostedService
{
    public const string TableName = "ChainGenesis";
    private const string Partition = "chain";

    private readonly ConcurrentDictionary<string, ChainStateVerdict> _verdicts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every enabled chain's verdict; throws when a chain's RPC or storage cannot answer now.</summary>
    public async Task<IReadOnlyList<ChainStateVerdict>> VerdictsAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(pools.All.Select(p => VerdictAsync(p.Chain, p.Pool, cancellationToken)));

    /// <summary>The verdict on one enabled chain; throws when its RPC or storage cannot answer now.</summary>
    public Task<ChainStateVerdict> VerdictAsync(string chain, CancellationToken cancellationToken)
    {
        var entry = pools.All.First(p => string.Equals(p.Chain.Name, chain, StringComparison.OrdinalIgnoreCase));
        return VerdictAsync(entry.Chain, entry.Pool, cancellationToken);
    }

    /// <summary>The last verdict reached for <paramref name="chain"/> in this process, without asking anyone; null if none yet.</summary>
    public ChainStateVerdict? Known(string chain) => _verdicts.GetValueOrDefault(chain);

    /// <summary>Every verdict reached so far in this process, without asking anyone (a chain not judged yet is absent).</summary>
    public IReadOnlyList<ChainStateVerdict> KnownVerdicts() => [.. _verdicts.Values];

    private async Task<ChainStateVerdict> VerdictAsync(ChainDefinition chain, RpcPool pool, CancellationToken cancellationToken)
    {
        if (_verdicts.TryGetValue(chain.Name, out var known)) return known;
        var genesis = await pool.GetBlockByNumberAsync(new BlockParameter(0), ct: cancellationToken)
                      ?? throw new InvalidOperationException($"{chain.Name}: the RPC has no block 0.");
        var observed = new ChainIdentity(chain.ChainId, genesis.BlockHash);
        var table = await tables.GetAsync(TableName, cancellationToken);
        var verdict = ChainStateRules.Judge(chain.Name, await RecordedAsync(table, chain.Name, cancellationToken), observed);
        if (verdict.Match == ChainStateMatch.FirstSeen)
        {
            var row = new TableRow(Partition, chain.Name.ToLowerInvariant()).Set("ChainId", observed.ChainId).Set("GenesisHash", observed.GenesisHash);
            // Another instance may have recorded first: then its record is the one to judge against.
            if (!await table.TryInsertAsync(row, cancellationToken))
                verdict = ChainStateRules.Judge(chain.Name, await RecordedAsync(table, chain.Name, cancellationToken), observed);
        }
        if (verdict.Match == ChainStateMatch.Mismatch) LogMismatch(verdict.Summary);
        else if (verdict.Match == ChainStateMatch.FirstSeen) LogRecorded(verdict.Summary);
        return _verdicts.GetOrAdd(chain.Name, verdict);
    }

    private static async Task<ChainIdentity?> RecordedAsync(EntityTable table, string chain, CancellationToken cancellationToken)
    {
        var row = await table.GetAsync(Partition, chain.ToLowerInvariant(), cancellationToken: cancellationToken);
        return row is null ? null : new ChainIdentity(row.GetInt64("ChainId"), row.GetString("GenesisHash"));
    }

    /// <summary>Judges every chain once at start so the operator hears of a mismatch at once; a chain that cannot answer yet is judged on first use.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await VerdictsAsync(CancellationToken.None);
            }
            catch (Exception ex)
            {
                // Best effort: an RPC or storage outage at start is /readyz's to report; the verdict is reached on first use.
                LogNotYet(ex.Message);
            }
        }, CancellationToken.None);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Critical, Message = "Chain state mismatch: {Summary}")]
    private partial void LogMismatch(string summary);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chain state: {Summary}")]
    private partial void LogRecorded(string summary);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chain state not judged at start ({Reason}); it is judged on first use")]
    private partial void LogNotYet(string reason);
}
