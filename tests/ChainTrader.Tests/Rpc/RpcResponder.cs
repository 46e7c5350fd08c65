using Microsoft.AspNetCore.Http;

namespace ChainTrader.Tests.Rpc;

/// <summary>Writes the answer to one JSON-RPC HTTP request.</summary>
public delegate Task RpcResponder(string requestBody, HttpResponse response, CancellationToken aborted);
