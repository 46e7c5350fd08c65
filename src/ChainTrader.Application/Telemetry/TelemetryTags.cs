namespace ChainTrader.Application.Telemetry;

/// <summary>Tag and attribute names used across instruments and spans (OpenTelemetry semantic conventions where one exists).</summary>
public static class TelemetryTags
{
    public const string Breaker = "breaker";
    public const string Chain = "chain";
    public const string Endpoint = "endpoint";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string RpcSystem = "rpc.system";
    public const string RpcMethod = "rpc.method";
    public const string ErrorType = "error.type";
    public const string HttpMethod = "http.request.method";
    public const string HttpRoute = "http.route";
    public const string HttpStatusCode = "http.response.status_code";
    public const string FaasTrigger = "faas.trigger";
    public const string FaasInvocationId = "faas.invocation_id";
    public const string Function = "chaintrader.function";
    public const string UpdateId = "telegram.update_id";
    public const string Feed = "feed";
    public const string TradeId = "chaintrader.trade_id";
    public const string ChatId = "telegram.chat_id";
    public const string DedupeKey = "chaintrader.dedupe_key";
}
