using System.Collections.Concurrent;
using System.Globalization;
using Azure.Data.Tables;
using ChainTrader.Adapters.Storage;
using ChainTrader.Functions.Storage;
using ChainTrader.Functions.Telemetry;
using Microsoft.Extensions.Options;

namespace ChainTrader.Functions.Operations;

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
