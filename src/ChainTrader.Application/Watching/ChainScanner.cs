using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Storage;
using ChainTrader.Core.Chains;
using ChainTrader.Core.Evm;
using ChainTrader.Core.Telegram;
using ChainTrader.Core.Watching;
using ChainTrader.Application.Chains;
using ChainTrader.Application.Configuration;
using ChainTrader.Application.Notifications;
using Microsoft.Extensions.Options;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Application.Watching;

/// <summary>
/// One scan of one chain for the wallet watcher. Per scan, two RPC round trips whatever the range: (1) the head and the
/// headers at the heights of the cursor and of every followed transaction; (2) every new block with full transactions plus
/// eth_getLogs for ERC-20 Transfers from and to the watched addresses, all in one batch. Token metadata costs one more
/// round trip the first time a token appears. A fork below the cursor costs one more (the headers of recent scanned blocks).
/// <para>
/// Exactly-once reasoning: the cursor row (ETag) carries a lease, so one instance scans a range at a time; effects are keyed
/// (notified:{tx}:{user}:{type}) and written before the cursor moves, so a crash re-scans the uncommitted range after the
/// lease expires and its repeated effects collapse. Committed ranges are never scanned again, and none is skipped: the
/// next range starts right after the cursor, or after the fork point when the cursor's block left the chain.
/// </para>
/// </summary>
public sealed partial class ChainScanner(
    ChainRpcPools pools,
    ChainCatalog catalog,
    WatchStore watches,
    TrackedTransactionStore tracked,
    ScanCursorStore cursors,
    ITokenMetadataSource tokens,
    INotifier notifier,
    IOptions<WatcherOptions> options,
    TimeProvider clock,
    ILogger<ChainScanner> logger)
{
    /// <summary>Topic OR-lists longer than this are split into several eth_getLogs calls (still in the same batch).</summary>
    public const int AddressesPerLogFilter = 500;

    private const int EffectConcurrency = 16;

    /// <summary>This process's lease identity.</summary>
    public string Instance { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    public async Task<ScanResult> ScanAsync(string chainName, CancellationToken ct)
    {
        var chain = catalog.Get(chainName);
        var rpc = pools.For(chain.Name);
        var settings = options.Value;
        var now = clock.GetUtcNow();

        var cursor = await cursors.GetAsync(chain.Name, ct);
        if (cursor is not null && cursor.LeasedByOtherThan(Instance, now))
            return new ScanResult(chain.Name, ScanOutcome.Busy, cursor.ScannedThrough.Number);
        var followed = await tracked.ListAsync(chain.Name, ct);

        // Round trip 1: the head, and the canonical hash at every height we must check.
        var first = rpc.CreateBatch();
        var latestItem = first.Add(Eth.GetBlockByNumber(BlockParameter.CreateLatest()));
        var heights = followed.Where(f => f.State.InChain).Select(f => f.State.Block.Number);
        if (cursor is not null) heights = heights.Append(cursor.ScannedThrough.Number);
        var headerItems = heights.Distinct().ToDictionary(h => h, h => first.Add(Eth.GetBlockByNumber(new BlockParameter(h))));
        await first.SendAsync(ct);
        var latest = latestItem.Result ?? throw new RpcMalformedResponseException("latest", $"{chain.Name}: the node has no latest block.");
        var head = latest.Height();
        var canonical = headerItems.Where(h => h.Value.Result is not null).ToDictionary(h => h.Key, h => h.Value.Result!.BlockHash);

        if (cursor is null)
        {
            var start = new BlockRef(head, latest.BlockHash);
            var created = await cursors.TryCreateAsync(new ScanCursor(chain.Name, start, [start], null, null, null), ct);
            LogStarted(chain.Name, head);
            return new ScanResult(chain.Name, created ? ScanOutcome.Started : ScanOutcome.Busy, head);
        }

        // Where to continue: after the cursor, or after the fork point if the cursor's block left the chain.
        BlockRef? resumeAfter = cursor.ScannedThrough;
        if (!canonical.TryGetValue(cursor.ScannedThrough.Number, out var cursorHash) || !string.Equals(cursorHash, cursor.ScannedThrough.Hash, StringComparison.OrdinalIgnoreCase))
            resumeAfter = await FindForkPointAsync(rpc, cursor, head, ct);
        var from = resumeAfter is { } r ? r.Number + 1 : cursor.Recent.Min(b => b.Number);
        var to = Math.Min(head, from + (ulong)settings.MaxBlocksPerScan - 1);
        if (from > to)
            return new ScanResult(chain.Name, ScanOutcome.UpToDate, head);

        ScanCursor claimed;
        try
        {
            claimed = await cursors.UpdateAsync(cursor with { LeaseOwner = Instance, LeaseUntil = now + settings.Lease }, ct);
        }
        catch (TableConcurrencyException)
        {
            return new ScanResult(chain.Name, ScanOutcome.Busy, head);
        }

        try
        {
            var result = await ScanRangeAsync(chain, rpc, claimed, resumeAfter, from, to, head, followed, canonical, ct);
            if (result.Outcome == ScanOutcome.Inconsistent)
                await ReleaseAsync(claimed);
            return result;
        }
        catch
        {
            // Hand the range back at once rather than after the lease: the effects so far are keyed and will collapse.
            await ReleaseAsync(claimed);
            throw;
        }
    }

    private async Task<ScanResult> ScanRangeAsync(ChainDefinition chain, IRpcChannel rpc, ScanCursor claimed, BlockRef? resumeAfter, ulong from, ulong to, ulong head,
        IReadOnlyList<TrackedTransaction> followed, Dictionary<ulong, string> canonical, CancellationToken ct)
    {
        var watchList = await watches.ListForChainAsync(chain.Name, ct);
        var byAddress = watchList.GroupBy(w => w.Address).ToDictionary(g => g.Key, g => g.ToList());

        // Round trip 2: the blocks (full transactions only when someone watches) and the Transfer logs touching watched addresses.
        var second = rpc.CreateBatch();
        var blockItems = new List<Func<Block?>>();
        for (var n = from; n <= to; n++)
        {
            if (byAddress.Count > 0)
            {
                var full = second.Add(Eth.GetBlockWithTransactionsByNumber(new BlockParameter(n)));
                blockItems.Add(() => full.Result);
            }
            else
            {
                var header = second.Add(Eth.GetBlockByNumber(new BlockParameter(n)));
                blockItems.Add(() => header.Result);
            }
        }
        var logItems = new List<RpcBatchItem<IReadOnlyList<FilterLog>>>();
        foreach (var chunk in byAddress.Keys.Select(TransferLogs.AddressTopic).Chunk(AddressesPerLogFilter))
        {
            logItems.Add(second.Add(Eth.GetLogs(new NewFilterInput { FromBlock = new BlockParameter(from), ToBlock = new BlockParameter(to), Topics = [TransferLogs.TransferTopic, chunk] })));
            logItems.Add(second.Add(Eth.GetLogs(new NewFilterInput { FromBlock = new BlockParameter(from), ToBlock = new BlockParameter(to), Topics = [TransferLogs.TransferTopic, null, chunk] })));
        }
        await second.SendAsync(ct);

        var blocks = blockItems.Select(result => result()).ToList();
        if (Inconsistency(blocks, resumeAfter, from) is { } blockProblem)
        {
            LogInconsistent(chain.Name, from, to, blockProblem);
            return new ScanResult(chain.Name, ScanOutcome.Inconsistent, head, from, to);
        }
        var scanned = blocks.Select(b => b!).ToList();
        var logs = logItems.SelectMany(l => l.Result).DistinctBy(l => (l.TransactionHash, l.Index())).ToList();
        if (logs.FirstOrDefault(l => l.Removed || l.Height() < from || l.Height() > to || !string.Equals(scanned[(int)(l.Height() - from)].BlockHash, l.BlockHash, StringComparison.OrdinalIgnoreCase)) is { } stray)
        {
            LogInconsistent(chain.Name, from, to, $"log {stray.Index()} of {stray.TransactionHash} is from block {stray.Height()} {stray.BlockHash}, not from the scanned chain");
            return new ScanResult(chain.Name, ScanOutcome.Inconsistent, head, from, to);
        }
        foreach (var block in scanned) canonical[block.Height()] = block.BlockHash;

        var matches = TransferMatcher.Match(
            scanned.OfType<BlockWithTransactions>().SelectMany(b => b.Transactions.Select(t => new ScannedTransaction(t.TransactionHash, new BlockRef(b.Height(), b.BlockHash), Address.Parse(t.From),
                t.To is { } txTo ? Address.Parse(txTo) : null, t.Value.Value))),
            logs.OrderBy(l => l.Height()).ThenBy(l => l.Index()).Select(TransferLogs.TryDecode).OfType<ObservedTransfer>(),
            byAddress.Keys.ToHashSet());
        var tokenInfo = await tokens.GetAsync(chain.Name, matches.SelectMany(m => m.Transfers).Select(t => t.Token).OfType<Address>(), ct);

        var notices = 0;
        var rows = followed.ToDictionary(f => f.Key);
        var found = matches.SelectMany(match => UsersOf(match, byAddress).Select(user => (Match: match, User: user)));
        var foundRows = new System.Collections.Concurrent.ConcurrentBag<TrackedTransaction>();
        await ForEachUserInOrderAsync(found.GroupBy(f => f.User.UserId), async (item, token) =>
        {
            var (match, (userId, chatId, names)) = item;
            var existing = rows.GetValueOrDefault((match.Hash, userId));
            var details = WatchMessages.DescribeTransfers(match.Transfers, names, tokenInfo, chain.NativeSymbol);
            var (state, notice) = WatchedTransactionLifecycle.Found(existing?.State, match.Block);
            var row = existing is null
                ? new TrackedTransaction(chain.Name, match.Hash, userId, chatId, state, details, null)
                : existing with { State = state };
            if (notice is not null)
            {
                await NotifyAsync(chain, row, notice, to, token);
                Interlocked.Increment(ref notices);
            }
            var stored = existing is null ? await tracked.TryInsertAsync(row, token)
                : state == existing.State ? existing
                : await TryUpdateAsync(row, token);
            if (stored is not null) foundRows.Add(stored);
        }, ct);
        foreach (var row in foundRows) rows[row.Key] = row;

        var tracker = new ConfirmationTracker(chain.Confirmations);
        var now = clock.GetUtcNow();
        // Rows above this range (a fork rescan limited by WATCH_MAX_BLOCKS_PER_SCAN) wait until the scan reaches them.
        var due = rows.Values.Where(row => !row.State.InChain || row.State.Block.Number <= to)
            .OrderBy(row => row.State.Block.Number).ThenBy(row => row.TxHash, StringComparer.Ordinal);
        await ForEachUserInOrderAsync(due.GroupBy(row => row.UserId), async (row, token) =>
        {
            var check = tracker.Check(row.State.Block, to, canonical.GetValueOrDefault(row.State.Block.Number));
            var (state, notice) = WatchedTransactionLifecycle.Checked(row.State, check, now);
            if (notice is not null)
            {
                await NotifyAsync(chain, row, notice, to, token);
                Interlocked.Increment(ref notices);
            }
            try
            {
                if (state is null) await tracked.DeleteAsync(row, token);
                else if (state != row.State) await tracked.UpdateAsync(row with { State = state }, token);
            }
            catch (TableConcurrencyException)
            {
                // Another instance took this chain over (our lease ran out) and moved the row on: its view wins.
            }
        }, ct);

        try
        {
            await cursors.UpdateAsync(claimed.Advanced(scanned.Select(b => new BlockRef(b.Height(), b.BlockHash)).ToList()), ct);
        }
        catch (TableConcurrencyException)
        {
            LogLeaseLost(chain.Name, from, to);
            return new ScanResult(chain.Name, ScanOutcome.Busy, head, from, to, matches.Count, notices);
        }
        return new ScanResult(chain.Name, ScanOutcome.Scanned, head, from, to, matches.Count, notices);
    }

    /// <summary>Users in parallel; each user's items one after another, in the order given (so a chat hears about blocks in order).</summary>
    private static Task ForEachUserInOrderAsync<T>(IEnumerable<IGrouping<long, T>> perUser, Func<T, CancellationToken, ValueTask> effect, CancellationToken ct) =>
        Parallel.ForEachAsync(perUser, new ParallelOptions { MaxDegreeOfParallelism = EffectConcurrency, CancellationToken = ct }, async (items, token) =>
        {
            foreach (var item in items) await effect(item, token);
        });

    /// <summary>The users a match concerns, each with the chat to tell and their labels for the addresses involved.</summary>
    private static IEnumerable<(long UserId, long ChatId, IReadOnlyDictionary<Address, string?> Names)> UsersOf(MatchedTransaction match, Dictionary<Address, List<Watch>> byAddress)
    {
        var involved = match.Transfers.SelectMany(t => t.To is { } to ? new[] { t.From, to } : [t.From]).Distinct();
        return involved.Where(byAddress.ContainsKey).SelectMany(a => byAddress[a])
            .GroupBy(w => w.UserId)
            .Select(g => (g.Key, g.OrderBy(w => w.CreatedAt).First().ChatId, (IReadOnlyDictionary<Address, string?>)g.ToDictionary(w => w.Address, w => w.Label)));
    }

    private async Task<TrackedTransaction?> TryUpdateAsync(TrackedTransaction row, CancellationToken ct)
    {
        try { return await tracked.UpdateAsync(row, ct); }
        catch (TableConcurrencyException) { return null; }
    }

    private Task NotifyAsync(ChainDefinition chain, TrackedTransaction row, WatchNotice notice, ulong head, CancellationToken ct)
    {
        var block = row.State.Block.Number;
        var confirmations = head >= block ? head - block + 1 : 0;
        var html = notice.Kind switch
        {
            WatchNoticeKind.Seen => WatchMessages.Seen(chain.Name, row.TxHash, block, confirmations, chain.Confirmations, row.Details, chain.ExplorerTxUrl),
            WatchNoticeKind.Final => WatchMessages.Final(chain.Name, row.TxHash, block, chain.Confirmations, row.Details, chain.ExplorerTxUrl),
            WatchNoticeKind.Removed => WatchMessages.Removed(chain.Name, row.TxHash, block, row.Details, chain.ExplorerTxUrl),
            WatchNoticeKind.Back => WatchMessages.Back(chain.Name, row.TxHash, block, confirmations, chain.Confirmations, row.Details, chain.ExplorerTxUrl),
            _ => throw new InvalidOperationException($"Unknown notice kind {notice.Kind}."),
        };
        return notifier.EnqueueAsync(new OutboundMessage(row.ChatId, notice.DedupeKey(row.TxHash, row.UserId), html), ct);
    }

    /// <summary>Null when the blocks continue the scanned chain one by one; else what does not fit.</summary>
    private static string? Inconsistency(IReadOnlyList<Block?> blocks, BlockRef? resumeAfter, ulong from)
    {
        for (var i = 0; i < blocks.Count; i++)
        {
            var number = from + (ulong)i;
            if (blocks[i] is not { } block) return $"the node has no block {number}";
            if (block.Height() != number) return $"asked for block {number}, got {block.Height()}";
            var parent = i == 0 ? resumeAfter?.Hash : blocks[i - 1]!.BlockHash;
            if (parent is not null && !string.Equals(block.ParentHash, parent, StringComparison.OrdinalIgnoreCase))
                return $"block {number} does not follow {(i == 0 ? "the last scanned block" : $"block {number - 1}")} (a reorg under way)";
        }
        return null;
    }

    /// <summary>
    /// The newest recently scanned block that is still canonical (one round trip). Null when none is: the reorg is deeper
    /// than the cursor remembers; scanning then restarts at the oldest remembered height without a parent check.
    /// </summary>
    private async Task<BlockRef?> FindForkPointAsync(IRpcChannel rpc, ScanCursor cursor, ulong head, CancellationToken ct)
    {
        var batch = rpc.CreateBatch();
        var candidates = cursor.Recent.Where(b => b.Number <= head).OrderByDescending(b => b.Number)
            .Select(b => (Known: b, Item: batch.Add(Eth.GetBlockByNumber(new BlockParameter(b.Number))))).ToList();
        if (candidates.Count > 0) await batch.SendAsync(ct);
        foreach (var (known, item) in candidates)
        {
            if (item.Result is { } now && string.Equals(now.BlockHash, known.Hash, StringComparison.OrdinalIgnoreCase))
            {
                LogReorg(cursor.Chain, cursor.ScannedThrough.Number, known.Number);
                return known;
            }
        }
        LogDeepReorg(cursor.Chain, cursor.ScannedThrough.Number, ScanCursor.RecentBlocks);
        return null;
    }

    private async Task ReleaseAsync(ScanCursor claimed)
    {
        try
        {
            await cursors.UpdateAsync(claimed with { LeaseOwner = null, LeaseUntil = null }, CancellationToken.None);
        }
        catch (Exception ex) when (ex is TableStorageException or HttpRequestException or OperationCanceledException)
        {
            // The lease then simply runs out.
            LogReleaseFailed(claimed.Chain, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Chain}: watching starts at block {Head}; earlier blocks are not announced")]
    private partial void LogStarted(string chain, ulong head);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Chain}: blocks {From}-{To} not scanned this time: {Problem}")]
    private partial void LogInconsistent(string chain, ulong from, ulong to, string problem);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Chain}: reorg below the cursor (block {Cursor}); rescanning after block {ForkPoint}")]
    private partial void LogReorg(string chain, ulong cursor, ulong forkPoint);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Chain}: reorg below the cursor (block {Cursor}) deeper than the {Depth} remembered blocks; rescanning from the oldest remembered one")]
    private partial void LogDeepReorg(string chain, ulong cursor, int depth);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Chain}: lost the lease while scanning blocks {From}-{To}; another instance continues (keyed effects collapse)")]
    private partial void LogLeaseLost(string chain, ulong from, ulong to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Chain}: could not release the scan lease ({Error}); it expires on its own")]
    private partial void LogReleaseFailed(string chain, string error);
}
