namespace ChainTrader.Functions.Trades;

/// <summary>
/// Named points between "about to sign" and "receipt seen" where a crash is most dangerous. Production uses
/// <see cref="NoTradeFaults"/>; crash tests inject one that fails the process at a chosen point and then restart.
/// </summary>
public interface ITradeFaultInjector
{
    /// <summary>Called at <paramref name="point"/> while working on <paramref name="subject"/> (a trade id or signing key); throws to simulate a crash.</summary>
    void Check(string point, string subject);
}

public sealed class NoTradeFaults : ITradeFaultInjector
{
    public void Check(string point, string subject)
    {
    }
}

/// <summary>Thrown by a fault injector: the process is to be treated as dead from here on.</summary>
public sealed class InjectedCrashException(string point, string subject) : Exception($"Injected crash at {point} ({subject}).")
{
    public string Point { get; } = point;
}

/// <summary>The fault points, in the order a LIVE trade passes them.</summary>
public static class TradeFaultPoints
{
    public const string ApprovalSigned = "approval.signed";
    public const string ApprovalBroadcast = "approval.broadcast";
    public const string BeforeNonce = "sign.before_nonce";
    public const string AfterNonceReserved = "sign.nonce_reserved";
    public const string BeforeSign = "sign.before_sign";
    public const string AfterSignedStored = "sign.signed_stored";
    public const string AfterSignedRecorded = "trade.signed_recorded";
    public const string BeforeBroadcast = "broadcast.before_send";
    public const string AfterBroadcast = "broadcast.sent";
    public const string AfterBroadcastRecorded = "broadcast.recorded";
    public const string ReceiptFetched = "receipt.fetched";
    public const string ReceiptRecorded = "receipt.recorded";
    public const string BeforeSettle = "settle.before";

    public static IReadOnlyList<string> All { get; } =
    [
        ApprovalSigned, ApprovalBroadcast, BeforeNonce, AfterNonceReserved, BeforeSign, AfterSignedStored, AfterSignedRecorded,
        BeforeBroadcast, AfterBroadcast, AfterBroadcastRecorded, ReceiptFetched, ReceiptRecorded, BeforeSettle,
    ];
}
