using System.Text;

namespace ChainTrader.Adapters.Rpc;

/// <summary>The pool could not get an answer from any endpoint; lists every endpoint's state and last error.</summary>
public sealed class RpcPoolUnavailableException : Exception
{
    public RpcPoolUnavailableException(ulong chainId, string reason, IReadOnlyList<RpcEndpointHealth> endpoints, bool endpointsWereTried)
        : base(Describe(chainId, reason, endpoints))
    {
        ChainId = chainId;
        Endpoints = endpoints;
        EndpointsWereTried = endpointsWereTried;
    }

    public ulong ChainId { get; }
    public IReadOnlyList<RpcEndpointHealth> Endpoints { get; }

    /// <summary>False when the pool failed fast because no endpoint was usable (all circuits open or endpoints excluded).</summary>
    public bool EndpointsWereTried { get; }

    private static string Describe(ulong chainId, string reason, IReadOnlyList<RpcEndpointHealth> endpoints)
    {
        var text = new StringBuilder($"RPC pool for chain {chainId} is unavailable: {reason}");
        foreach (var e in endpoints)
        {
            text.Append($"\n  #{e.Index} {e.Url}: circuit {e.Circuit}");
            if (e.OpenUntil is { } until) text.Append($" until {until:O}");
            if (e.ChainIdMismatch) text.Append($", wrong chain id {e.ReportedChainId}");
            if (e.Lagging) text.Append($", lagging {e.LagBlocks} blocks");
            text.Append($", {e.ConsecutiveFailures} consecutive failures, last error: {e.LastError ?? "none"}");
        }
        return text.ToString();
    }
}
