namespace ChainTrader.Adapters.Transactions;

/// <summary>
/// The result over all endpoints. <see cref="IsInPool"/>: at least one endpoint has our transaction, so waiting for
/// the receipt is right. Otherwise <see cref="Outcome"/> is the most telling failure (nonce consumed, then rejected,
/// then unreachable).
/// </summary>
public sealed record BroadcastReport(string Hash, BroadcastVerdict Outcome, IReadOnlyList<EndpointBroadcast> Endpoints)
{
    public bool IsInPool => Outcome is BroadcastVerdict.Accepted or BroadcastVerdict.AlreadyKnown;
}
