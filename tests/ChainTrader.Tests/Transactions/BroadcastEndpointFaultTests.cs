using System.Numerics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using ChainTrader.Adapters.Contracts;
using ChainTrader.Adapters.Rpc;
using ChainTrader.Adapters.Transactions;
using ChainTrader.Core.Evm;
using ChainTrader.Tests.Rpc;
using Microsoft.AspNetCore.Http;

namespace ChainTrader.Tests.Transactions;

/// <summary>
/// A broadcast to endpoints that do not judge the transaction (rate limited, silent) reports them unreachable, never as
/// a refusal: the lifecycle fails a trade on a refusal, while an unreachable broadcast is sent again on the next poll.
/// </summary>
public sealed class BroadcastEndpointFaultTests
{
    private static readonly HttpClient Http = new();

    private static readonly byte[] Signed = PrivateKey.FromBytes(RandomNumberGenerator.GetBytes(32))
        .Sign(TransactionSender.Build(31337, new ContractCall(Address.Parse("0x5fbdb2315678afecb367f032d93f642f64180aa3"), []), 0, 21_000,
            FeeQuote.Eip1559(BigInteger.Pow(10, 10), BigInteger.Pow(10, 9))))
        .ToRawBytes();

    private static RpcResponder Answering(Func<JsonNode, JsonObject> answer) => async (body, response, aborted) =>
    {
        var request = JsonNode.Parse(body)!;
        var reply = answer(request);
        reply["jsonrpc"] = "2.0";
        reply["id"] = request["id"]!.GetValue<long>();
        response.ContentType = "application/json";
        await response.WriteAsync(reply.ToJsonString(), aborted);
    };

    private static readonly RpcResponder Accepting = Answering(_ => new JsonObject { ["result"] = RawTransaction.Decode(Signed).HashHex });

    private static readonly RpcResponder RateLimited = Answering(_ => new JsonObject
    {
        ["error"] = new JsonObject { ["code"] = -32005, ["message"] = "request rate exceeded" },
    });

    [Fact]
    public async Task ARateLimitedEndpointIsUnreachableAndAnotherEndpointsAcceptanceStands()
    {
        await using var limited = await RpcTestEndpoint.StartAsync(RateLimited);
        await using var accepting = await RpcTestEndpoint.StartAsync(Accepting);

        var alone = await TransactionSender.BroadcastAsync(Signed, [new JsonRpcClient(Http, limited.Url)]);
        Assert.Equal(BroadcastVerdict.Unreachable, alone.Outcome);
        Assert.Equal("request rate exceeded", Assert.Single(alone.Endpoints).Message);

        var both = await TransactionSender.BroadcastAsync(Signed, [new JsonRpcClient(Http, limited.Url), new JsonRpcClient(Http, accepting.Url)]);
        Assert.Equal(BroadcastVerdict.Accepted, both.Outcome);
        Assert.Equal([BroadcastVerdict.Unreachable, BroadcastVerdict.Accepted], both.Endpoints.Select(e => e.Outcome));
    }

    [Fact]
    public async Task AnEndpointThatNeverAnswersIsUnreachableAfterTheTimeoutWhileTheOthersAnswer()
    {
        await using var silent = await RpcTestEndpoint.StartAsync(async (_, _, aborted) => await Task.Delay(Timeout.Infinite, aborted));
        await using var accepting = await RpcTestEndpoint.StartAsync(Accepting);

        // The timeout is the answering endpoint's too: 1 s was once too short for it on a loaded CI machine. The
        // broadcast waits for every endpoint, so this test takes the whole 10 s.
        var report = await TransactionSender.BroadcastAsync(Signed, [new JsonRpcClient(Http, silent.Url), new JsonRpcClient(Http, accepting.Url)],
            endpointTimeout: TimeSpan.FromSeconds(10));
        Assert.Equal(BroadcastVerdict.Accepted, report.Outcome);
        Assert.Equal(BroadcastVerdict.Unreachable, report.Endpoints[0].Outcome);
        Assert.Equal("no answer within 10 s", report.Endpoints[0].Message);
    }
}
