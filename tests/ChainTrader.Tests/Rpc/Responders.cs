using System.Text;
using System.Text.Json.Nodes;
using ChainTrader.Core;
using Microsoft.AspNetCore.Http;

namespace ChainTrader.Tests.Rpc;

public static class Responders
{
    private static readonly HttpClient Upstream = new() { Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Passes the request to <paramref name="upstream"/>; <paramref name="rewrite"/> may replace each result by method.</summary>
    public static RpcResponder Forward(Uri upstream, Func<string, JsonNode?, JsonNode?>? rewrite = null) => async (body, response, aborted) =>
    {
        using var forwarded = await Upstream.PostAsync(upstream, new StringContent(body, Encoding.UTF8, "application/json"), aborted);
        var answer = await forwarded.Content.ReadAsStringAsync(aborted);
        if (rewrite is not null) answer = Rewrite(body, answer, rewrite);
        response.StatusCode = (int)forwarded.StatusCode;
        response.ContentType = "application/json";
        await response.WriteAsync(answer, aborted);
    };

    /// <summary>A minimal in-process node: answers eth_chainId and eth_blockNumber (single or batched) and nothing else.</summary>
    public static RpcResponder FakeChain(ulong chainId, ulong head) => async (body, response, aborted) =>
    {
        JsonNode Answer(JsonNode call) => new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = call["id"]!.GetValue<long>(),
            ["result"] = call["method"]!.GetValue<string>() switch
            {
                "eth_chainId" => Hex.Quantity(chainId),
                "eth_blockNumber" => Hex.Quantity(head),
                // Any block is the same empty one: enough for the desk's start-up genesis check.
                "eth_getBlockByNumber" => new JsonObject
                {
                    ["number"] = "0x0", ["hash"] = "0x" + new string('1', 64), ["parentHash"] = "0x" + new string('0', 64),
                    ["timestamp"] = "0x0", ["gasLimit"] = "0x1c9c380", ["gasUsed"] = "0x0",
                    ["miner"] = "0x" + new string('0', 40), ["transactions"] = new JsonArray(),
                },
                var other => throw new InvalidOperationException($"The fake chain does not implement {other}."),
            },
        };
        var request = JsonNode.Parse(body)!;
        var answer = request is JsonArray calls ? new JsonArray(calls.Select(c => Answer(c!)).ToArray()) : Answer(request);
        response.ContentType = "application/json";
        await response.WriteAsync(answer.ToJsonString(), aborted);
    };

    public static RpcResponder Slow(TimeSpan delay, RpcResponder then) => async (body, response, aborted) =>
    {
        await Task.Delay(delay, aborted);
        await then(body, response, aborted);
    };

    public static RpcResponder Text(int status, string text, string contentType = "text/plain") => async (_, response, aborted) =>
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        await response.WriteAsync(text, aborted);
    };

    public static RpcResponder Garbage() => Text(200, "<html><body>502 upstream exploded</body></html>", "text/html");

    /// <summary>Answers eth_chainId with another chain's id.</summary>
    public static RpcResponder WrongChain(Uri upstream, ulong chainId) =>
        Forward(upstream, (method, result) => method == "eth_chainId" ? JsonValue.Create(Hex.Quantity(chainId)) : result);

    /// <summary>Reports a head <paramref name="blocks"/> behind the real one.</summary>
    public static RpcResponder Lagging(Uri upstream, ulong blocks) =>
        Forward(upstream, (method, result) => method == "eth_blockNumber"
            ? JsonValue.Create(Hex.Quantity(Hex.ParseQuantity(result!.GetValue<string>()) - blocks))
            : result);

    private static string Rewrite(string requestBody, string answer, Func<string, JsonNode?, JsonNode?> rewrite)
    {
        var request = JsonNode.Parse(requestBody)!;
        var methods = (request is JsonArray calls ? calls.Select(c => c!) : [request])
            .ToDictionary(c => c["id"]!.GetValue<long>(), c => c["method"]!.GetValue<string>());
        var response = JsonNode.Parse(answer)!;
        foreach (var item in response is JsonArray items ? items.Select(i => i!) : [response])
        {
            if (item["result"] is not null || item.AsObject().ContainsKey("result"))
                item["result"] = rewrite(methods[item["id"]!.GetValue<long>()], item["result"]?.DeepClone());
        }
        return response.ToJsonString();
    }
}
