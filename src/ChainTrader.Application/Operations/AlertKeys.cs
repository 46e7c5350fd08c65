namespace ChainTrader.Application.Operations;

/// <summary>The alert keys of the matrix (SPEC §7), as they appear in the admin chat and the Alerts table.</summary>
public static class AlertKeys
{
    public const string KillSwitch = "kill_switch";
    public const string DailyStop = "breaker.daily_stop";
    public const string WeeklyStop = "breaker.weekly_stop";
    public const string MaxDrawdown = "breaker.max_drawdown";
    public const string WebhookLatency = "latency.webhook";
    public const string RpcLatency = "latency.rpc";
    public const string RpcErrors = "api_errors.rpc";
    public const string TelegramErrors = "api_errors.telegram";
    public const string OrderRejections = "order_rejections";
    public const string EmptyUniverse = "universe.empty";
    public const string Exceptions = "exceptions";
    /// <summary>An open trade past its timeouts, or whose orchestration is gone (see OverdueTradeAlertSource).</summary>
    public const string OverdueTrades = "trades.overdue";

    public static string Reconciliation(string chain) => $"reconciliation.{chain.ToLowerInvariant()}";

    /// <summary>The desk's stored state belongs to another chain than the one the RPC serves (see ChainStateGuard).</summary>
    public static string ChainState(string chain) => $"chain_state.{chain.ToLowerInvariant()}";

    /// <summary>A LIVE trade has no usable nonce: a gap below it that healing could not fill (see NonceAlertSource).</summary>
    public static string StuckNonce(string chain) => $"nonce.{chain.ToLowerInvariant()}";
}
