namespace ChainTrader.Application.Gates;

/// <summary>A pending "switch to LIVE" request waiting for its requester's button press.</summary>
public sealed record LiveConfirmation(
    long RequestUpdateId,
    string Nonce,
    long RequestedBy,
    long ChatId,
    DateTimeOffset ExpiresAt,
    string Status,
    string? ResolvedByUpdate,
    string ETag)
{
    public const string Pending = "pending";
    public const string Applied = "applied";
    public const string Cancelled = "cancelled";

    /// <summary>The cause every effect of confirming this request is keyed by, whichever press carries it out.</summary>
    public string Cause => $"confirm:{RequestUpdateId}";

    public string ConfirmData => CallbackData.Format(RequestUpdateId, Nonce, confirm: true);
    public string CancelData => CallbackData.Format(RequestUpdateId, Nonce, confirm: false);
}
