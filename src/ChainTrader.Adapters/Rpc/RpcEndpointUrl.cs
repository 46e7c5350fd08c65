namespace ChainTrader.Adapters.Rpc;

/// <summary>
/// RPC URLs often carry API keys (in the path, query or user info), so only scheme, host and port are ever shown or
/// logged; a non-empty path is shown as "/***".
/// </summary>
public static class RpcEndpointUrl
{
    public static string Redact(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (!endpoint.IsAbsoluteUri) return "(relative URI)";
        var hidden = endpoint.AbsolutePath is not ("" or "/") || endpoint.Query.Length > 0 || endpoint.UserInfo.Length > 0;
        return $"{endpoint.Scheme}://{endpoint.Authority}/{(hidden ? "***" : "")}";
    }
}
