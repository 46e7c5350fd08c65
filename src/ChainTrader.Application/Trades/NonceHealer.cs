using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Transactions;
using ChainTrader.Core;
using ChainTrader.Core.Trades;
using ChainTrader.Application.Storage;
using Nethereum.RPC.Eth.DTOs;


namespace ChainTrader.Application.Trades;

/// <summary>
/// Makes sure no trade waits on a nonce the network will never execute. After the nonce manager's resync it looks at every
/// nonce of ours at or above the account's pending count (missing from the node's pool, or queued behind a gap) and asks
/// <see cref="NonceGapRules"/> what to do: resend a running trade's stored bytes (a transaction the network dropped), or
/// fill a nonce nobody will broadcast again (its trade ended or is gone) with a zero-value transfer to ourselves, signed
/// once under <c>fill:{nonce}</c> (stored before broadcast like every signature) and outbidding any stale bytes queued at it.
/// Released nonces below ones in use (holes no run of nonces will start at) are filled the same way.
/// Runs before a trade takes a fresh nonce, when a submitted trade's transaction is not executable, and on every nonce reconcile.
/// </summary>
public sealed partial class NonceHealer(TradeChain chain, SigningStore signing, TradeStore trades, AppTables tables, TimeProvider clock, ILogger<NonceHealer> logger)
{
    private const ulong TransferGas = 21_000;
    private const int OutbidPercent = 10;

    /// <summary>
    /// Heals what it can and returns the lowest nonce the node still cannot execute (with what holds it), or null when
    /// nothing of ours waits behind a gap.
    /// </summary>
    public async Task<NonceGap?> HealAsync(CancellationToken cancellationToken)
    {
        if (!chain.HasSigner) return null;
        var nonces = await chain.NoncesAsync();
        var resync = await nonces.ResyncAsync(chain.Wallet, cancellationToken);
        var holesFilled = await FillHolesAsync(nonces, resync.State.Holes(), cancellationToken);
        // Filling a hole changes the stored state; otherwise it is as the resync left it.
        var state = holesFilled ? (await StoredAsync(cancellationToken))?.State : resync.State;
        var stuck = state?.Outstanding.Where(e => e.Nonce >= resync.PendingCount && e.Status != NonceEntryStatus.Released).OrderBy(e => e.Nonce).ToList() ?? [];
        if (stuck.Count == 0) return null;

        var claims = await signing.ClaimsAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var holders = new Dictionary<ulong, string>();
        var sent = holesFilled;
        foreach (var entry in stuck)
        {
            var mine = claims.Where(c => c.Nonce == entry.Nonce && !c.Abandoned).ToList();
            var claim = mine.FirstOrDefault(c => c.Hash is not null && Same(c.Hash, entry.TransactionHash)) ?? mine.FirstOrDefault();
            var (owner, ownerText) = await OwnerAsync(claim, cancellationToken);
            var signed = entry.Status == NonceEntryStatus.Signed && entry.TransactionHash is not null;
            var known = signed && await chain.Pool.GetTransactionByHashAsync(entry.TransactionHash!, cancellationToken) is not null;
            var inFlight = entry.Status == NonceEntryStatus.Reserved && now - entry.ReservedAt < SigningStore.OrphanAge;
            var signedAbove = stuck.Any(e => e.Nonce > entry.Nonce && e.Status == NonceEntryStatus.Signed);
            var remedy = NonceGapRules.Remedy(new StuckNonce(entry.Nonce, signed, owner, known, inFlight, signedAbove));
            switch (remedy)
            {
                case NonceRemedy.Resend when claim is not null && await signing.FindAsync(claim.Key, cancellationToken) is { } bytes:
                    var resent = await TransactionSender.BroadcastAsync(Hex.Decode(bytes.RawTransaction), chain.Endpoints, cancellationToken);
                    LogResent(entry.Nonce, bytes.Hash, claim.Key, resent.Outcome.ToString());
                    holders[entry.Nonce] = $"holds the dropped transaction {bytes.Hash} of {ownerText}, resent: {Said(resent)}";
                    sent = true;
                    break;
                case NonceRemedy.Resend or NonceRemedy.Fill:
                    var (fill, filled) = await FillAsync(entry, claim, owner, known, cancellationToken);
                    holders[entry.Nonce] = $"belonged to {ownerText} and was filled with the self-transfer {fill}: {Said(filled)}";
                    sent = true;
                    break;
                default:
                    holders[entry.Nonce] = inFlight ? $"was reserved {(now - entry.ReservedAt).TotalSeconds:0} s ago and is not signed yet"
                        : known ? $"holds the transaction {entry.TransactionHash} of {ownerText}, queued at the node"
                        : $"is reserved by {ownerText} and not signed yet";
                    break;
            }
        }

        // What the node still cannot execute: a broadcast above may have moved its pending count past every gap.
        var pending = sent ? await chain.Pool.GetTransactionCountAsync(chain.Wallet.ToLowerHex(), BlockParameter.CreatePending(), cancellationToken) : resync.PendingCount;
        if (stuck.All(e => e.Nonce < pending)) return null;
        return new NonceGap(pending, pending, holders.GetValueOrDefault(pending, "is held by no reservation or transaction of the desk"));
    }

    /// <summary>
    /// Fills every released nonce below one still in use (<see cref="NonceState.Holes"/>): nothing else would take it, since
    /// trades reserve runs of consecutive nonces and a run never starts at a hole. Each is reserved again first, so no
    /// run can be handed it while the fill is signed. True when a fill was sent.
    /// </summary>
    private async Task<bool> FillHolesAsync(NonceManager nonces, IReadOnlyList<ulong> holes, CancellationToken cancellationToken)
    {
        var sent = false;
        foreach (var hole in holes)
        {
            if (!await nonces.ReclaimAsync(new NonceLease(chain.ChainId, chain.Wallet, hole), cancellationToken)) continue;
            var entry = new NonceEntry(hole, NonceEntryStatus.Reserved, clock.GetUtcNow(), null);
            await FillAsync(entry, null, NonceOwner.Unclaimed, known: false, cancellationToken);
            sent = true;
        }
        return sent;
    }

    private async Task<StoredNonceState?> StoredAsync(CancellationToken cancellationToken) =>
        await new TableNonceStore(await tables.GetAsync(TableNonceStore.DefaultTableName, cancellationToken)).GetAsync(chain.ChainId, chain.Wallet, cancellationToken);

    /// <summary>Where the nonce's trade stands, and who holds it in words ("sign:t1:0 of trade t1 (Submitted)").</summary>
    private async Task<(NonceOwner, string)> OwnerAsync(SigningClaim? claim, CancellationToken cancellationToken)
    {
        if (claim is null) return (NonceOwner.Unclaimed, "no signing (an unclaimed reservation)");
        if (claim.TradeId is not { } tradeId) return (NonceOwner.Live, claim.Key); // the desk's own fill: resent while it is not mined
        var trade = await trades.GetAsync(tradeId, cancellationToken);
        return trade is null ? (NonceOwner.Gone, $"{claim.Key} of a trade that is gone")
            : (trade.Trade.IsTerminal ? NonceOwner.Ended : NonceOwner.Live, $"{claim.Key} of trade {tradeId} ({trade.Trade.State})");
    }

    /// <summary>The broadcast's outcome with the nodes' words (never the endpoints' URLs, which may carry keys).</summary>
    private static string Said(BroadcastReport result)
    {
        var messages = result.Endpoints.Select(e => e.Message).OfType<string>().Distinct().ToList();
        return messages.Count == 0 ? result.Outcome.ToString() : $"{result.Outcome} ({string.Join("; ", messages)})";
    }

    private async Task<(string Hash, BroadcastReport Result)> FillAsync(NonceEntry entry, SigningClaim? claim, NonceOwner owner, bool known, CancellationToken cancellationToken)
    {
        // Stale bytes queued at this nonce are replaced only by a transaction paying at least 10 % more on both fees.
        var queued = known && claim is not null ? await signing.FindAsync(claim.Key, cancellationToken) : null;
        var request = new SigningRequest($"fill:{entry.Nonce}", new ContractCall(chain.Wallet, []), TransferGas, (long)entry.Nonce,
            queued?.Fees.BumpedBy(OutbidPercent), ForSimulation: false);
        var fill = await signing.GetOrSignAsync(request, cancellationToken);
        await signing.MarkSignedAsync(fill.Nonce, fill.Hash, cancellationToken);
        var result = await TransactionSender.BroadcastAsync(Hex.Decode(fill.RawTransaction), chain.Endpoints, cancellationToken);
        LogFilled(entry.Nonce, owner.ToString(), claim?.Key ?? "none", fill.Hash, result.Outcome.ToString());
        return (fill.Hash, result);
    }

    private static bool Same(string a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nonce {Nonce}: the network dropped {Hash} ({Key}); resent its stored bytes: {Outcome}")]
    private partial void LogResent(ulong nonce, string hash, string key, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Nonce {Nonce} could never be broadcast (owner {Owner}, signing {Key}); filled with a zero-value self-transfer {Hash}: {Outcome}")]
    private partial void LogFilled(ulong nonce, string owner, string key, string hash, string outcome);
}
