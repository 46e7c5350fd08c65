namespace ChainTrader.Application.Trades;

/// <summary>The fault points, in the order a LIVE trade passes them.</summary>
public static class TradeFaultPoints
{
    public const string BeforeNonce = "sign.before_nonce";
    /// <summary>The run of nonces (approval, swap) is reserved; the signing rows do not record it yet.</summary>
    public const string AfterNonceReserved = "sign.nonce_reserved";
    public const string BeforeSign = "sign.before_sign";
    public const string AfterSignedStored = "sign.signed_stored";
    /// <summary>Approval and swap are both stored; the approval is about to be broadcast.</summary>
    public const string ApprovalSigned = "approval.signed";
    public const string ApprovalBroadcast = "approval.broadcast";
    /// <summary>The trade stored its signed transaction (Submitted); the broadcast has not started.</summary>
    public const string AfterSignedRecorded = "trade.signed_recorded";
    public const string BeforeBroadcast = "broadcast.before_send";
    /// <summary>Nodes took the transaction; what they said is not recorded yet.</summary>
    public const string AfterBroadcast = "broadcast.sent";
    /// <summary>The broadcast result is stored; about to poll for the receipt.</summary>
    public const string AfterBroadcastRecorded = "broadcast.recorded";
    /// <summary>The receipt was read; the trade has not recorded it.</summary>
    public const string ReceiptFetched = "receipt.fetched";
    /// <summary>The receipt is recorded (Included); about to count confirmations.</summary>
    public const string ReceiptRecorded = "receipt.recorded";
    public const string BeforeSettle = "settle.before";

    public static IReadOnlyList<string> All { get; } =
    [
        BeforeNonce, AfterNonceReserved, BeforeSign, AfterSignedStored, ApprovalSigned, ApprovalBroadcast, AfterSignedRecorded,
        BeforeBroadcast, AfterBroadcast, AfterBroadcastRecorded, ReceiptFetched, ReceiptRecorded, BeforeSettle,
    ];
}
