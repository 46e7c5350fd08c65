namespace ChainTrader.Application.Operations;

/// <summary>What the alert matrix counts per instance and sums across instances.</summary>
public enum SignalKind
{
    WebhookAnswered,
    WebhookSlow,
    RpcExchange,
    RpcSlow,
    RpcError,
    TelegramError,
    Exception,
    OrderRejection,
}
