namespace ChainTrader.Core.Chains;

/// <summary>
/// Whether the desk's stored state (trades, ledger, nonces, pacing) belongs to the chain an RPC serves now, judged by the
/// chain id and genesis hash recorded the first time the desk ran on that chain. A restarted devnet, or a storage account
/// pointed at another network, serves a different genesis: its stored positions and nonces describe a chain that is not
/// there, so trading on it is refused until the operator puts storage and chain back together.
/// </summary>
public static class ChainStateRules
{
    public static ChainStateVerdict Judge(string chain, ChainIdentity? recorded, ChainIdentity observed)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(chain);
        ArgumentNullException.ThrowIfNull(observed);
        if (recorded is null)
            return new ChainStateVerdict(chain, ChainStateMatch.FirstSeen,
                $"{chain}: first run on chain id {observed.ChainId}, genesis {Short(observed.GenesisHash)}; recorded with the desk's state.");
        if (recorded.ChainId == observed.ChainId && string.Equals(recorded.GenesisHash, observed.GenesisHash, StringComparison.OrdinalIgnoreCase))
            return new ChainStateVerdict(chain, ChainStateMatch.Matches, $"{chain}: the stored state belongs to this chain (chain id {observed.ChainId}, genesis {Short(observed.GenesisHash)}).");

        var what = recorded.ChainId != observed.ChainId
            ? $"chain id {recorded.ChainId} (genesis {Short(recorded.GenesisHash)}), but the RPC now serves chain id {observed.ChainId} (genesis {Short(observed.GenesisHash)})"
            : $"the chain with genesis {Short(recorded.GenesisHash)}, but the RPC now serves genesis {Short(observed.GenesisHash)} (same chain id {observed.ChainId}: a restarted devnet or another network)";
        return new ChainStateVerdict(chain, ChainStateMatch.Mismatch,
            $"{chain}: the desk's stored state (trades, positions, nonces) belongs to {what}. Trading on {chain} is refused: its stored positions and " +
            "nonces do not exist on this chain. To fix: point AzureWebJobsStorage at this chain's storage, or the RPC back at the recorded chain; " +
            "locally, restart ./run.sh, which starts every run with a new chain and empty storage.");
    }

    private static string Short(string hash) => hash.Length > 14 ? $"{hash[..10]}…{hash[^4..]}" : hash;
}
