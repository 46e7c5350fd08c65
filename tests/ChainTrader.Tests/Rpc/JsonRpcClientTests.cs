using System.Net;
using System.Numerics;
using System.Text.Json.Nodes;
using ChainTrader.Adapters.Rpc;
using Microsoft.AspNetCore.Http;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;

namespace ChainTrader.Tests.Rpc;

/// <summary>
/// Envelope handling and failure classification against an in-process endpoint with scripted answers
/// (the real-node behaviour is covered in <see cref="HardhatRpcTests"/>).
/// </summary>
public sealed class JsonRpcClientTests
{
    private static readonly HttpClient Http = new();

    /// <summary>Answers each request of the (batch) body with the result the script picks per method, in reverse order.</summary>
    private static RpcResponder Scripted(Func<string, JsonNode?> resultFor) => async (body, response, aborted) =>
    {
        var request = JsonNode.Parse(body)!;
        JsonNode Answer(JsonNode call) => new JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = call["id"]!.GetValue<long>(),
            ["result"] = resultFor(call["method"]!.GetValue<string>()),
        };
        var answer = request is JsonArray calls
            ? new JsonArray(calls.Reverse().Select(c => Answer(c!)).ToArray())
            : Answer(request);
        response.ContentType = "application/json";
        await response.WriteAsync(answer.ToJsonString(), aborted);
    };

    [Fact]
    public async Task Batch_answers_in_any_order_are_matched_by_id()
    {
        await using var server = await RpcTestEndpoint.StartAsync(Scripted(method => method switch
        {
            "eth_chainId" => "0x7a69",
            "eth_blockNumber" => "0x10",
            "eth_gasPrice" => "0x3b9aca00",
            _ => throw new InvalidOperationException(method),
        }));
        var client = new JsonRpcClient(Http, server.Url);

        var batch = client.CreateBatch();
        var chain = batch.Add(Eth.ChainId());
        var head = batch.Add(Eth.BlockNumber());
        var gasPrice = batch.Add(Eth.GasPrice());
        await batch.SendAsync();

        Assert.Equal(31337UL, chain.Result);
        Assert.Equal(16UL, head.Result);
        Assert.Equal(1_000_000_000, gasPrice.Result);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_batch_answer_missing_an_id_is_malformed_and_fills_no_item()
    {
        await using var server = await RpcTestEndpoint.StartAsync(async (body, response, aborted) =>
        {
            var first = JsonNode.Parse(body)!.AsArray()[0]!;
            await response.WriteAsync($$"""[{"jsonrpc":"2.0","id":{{first["id"]}},"result":"0x1"}]""", aborted);
        });
        var batch = new JsonRpcClient(Http, server.Url).CreateBatch();
        var chain = batch.Add(Eth.ChainId());
        var head = batch.Add(Eth.BlockNumber());

        var error = await Assert.ThrowsAsync<RpcMalformedResponseException>(() => batch.SendAsync());
        Assert.Contains("no response for id", error.Message);
        Assert.Contains("eth_blockNumber", error.Message);
        Assert.Throws<InvalidOperationException>(() => chain.Result);
        Assert.Throws<InvalidOperationException>(() => head.Result);
    }

    [Fact]
    public async Task Json_null_results_stay_apart_from_missing_ones_and_numbers_stay_exact()
    {
        const string maxUint256 = "0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff";
        await using var server = await RpcTestEndpoint.StartAsync(Scripted(method => method switch
        {
            "eth_getTransactionReceipt" => null,
            "eth_getBalance" => maxUint256,
            // 20 significant digits: more than a double holds.
            "eth_feeHistory" => JsonNode.Parse("""{"oldestBlock":"0x1","baseFeePerGas":["0x7","0x8"],"gasUsedRatio":[0.12345678901234567891]}"""),
            _ => throw new InvalidOperationException(method),
        }));
        var client = new JsonRpcClient(Http, server.Url);

        Assert.Null(await client.GetTransactionReceiptAsync("0x" + new string('a', 64)));
        Assert.Equal(BigInteger.Pow(2, 256) - 1, await client.GetBalanceAsync("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", BlockParameter.CreateLatest()));
        var fees = await client.GetFeeHistoryAsync(1, BlockParameter.CreateLatest(), []);
        Assert.Equal(0.12345678901234567891m, Assert.Single(fees.GasUsedRatio));

        server.Behavior = async (body, response, aborted) =>
        {
            var id = JsonNode.Parse(body)!["id"];
            await response.WriteAsync($$"""{"jsonrpc":"2.0","id":{{id}}}""", aborted);
        };
        var missing = await Assert.ThrowsAsync<RpcMalformedResponseException>(() => client.GetTransactionReceiptAsync("0x" + new string('a', 64)));
        Assert.Contains("neither result nor error", missing.Message);
    }

    [Theory]
    [InlineData("\"0x\"")]
    [InlineData("\"0x01\"")]
    [InlineData("\"0xzz\"")]
    [InlineData("\"12\"")]
    [InlineData("12")]
    [InlineData("\"0x10000000000000000\"")]
    public async Task Bad_quantities_are_malformed_answers(string result)
    {
        await using var server = await RpcTestEndpoint.StartAsync(Scripted(_ => JsonNode.Parse(result)));
        var client = new JsonRpcClient(Http, server.Url);

        var error = await Assert.ThrowsAsync<RpcMalformedResponseException>(() => client.GetBlockNumberAsync());
        Assert.Contains("eth_blockNumber", error.Message);
    }

    [Theory]
    [InlineData("""{"oldestBlock":1,"baseFeePerGas":["0x7"],"gasUsedRatio":[]}""")]
    [InlineData("""{"oldestBlock":"0x1","baseFeePerGas":["0xzz"],"gasUsedRatio":[]}""")]
    [InlineData("""{"oldestBlock":"0x1","baseFeePerGas":"0x7","gasUsedRatio":[]}""")]
    [InlineData("\"0x1\"")]
    public async Task Fee_histories_of_the_wrong_shape_are_malformed_answers(string result)
    {
        await using var server = await RpcTestEndpoint.StartAsync(Scripted(_ => JsonNode.Parse(result)));
        var client = new JsonRpcClient(Http, server.Url);

        var error = await Assert.ThrowsAsync<RpcMalformedResponseException>(() => client.GetFeeHistoryAsync(1, BlockParameter.CreateLatest(), []));
        Assert.Contains("eth_feeHistory", error.Message);
    }

    [Theory]
    [InlineData("hash", "0x1234")]
    [InlineData("from", "0xnothex")]
    [InlineData("nonce", "0xzz")]
    [InlineData("value", null)]
    [InlineData("input", "d0e30db0")]
    public async Task Transactions_with_a_malformed_field_are_malformed_answers(string field, string? value)
    {
        var transaction = JsonNode.Parse($$"""
            {"hash":"0x{{new string('a', 64)}}","from":"0x{{new string('b', 40)}}","to":null,"nonce":"0x1","value":"0x0","gas":"0x5208",
             "input":"0x","type":"0x2","blockHash":null,"blockNumber":null,"transactionIndex":null}
            """)!.AsObject();
        transaction[field] = value;
        await using var server = await RpcTestEndpoint.StartAsync(Scripted(_ => transaction.DeepClone()));
        var client = new JsonRpcClient(Http, server.Url);

        var error = await Assert.ThrowsAsync<RpcMalformedResponseException>(() => client.GetTransactionByHashAsync("0x" + new string('a', 64)));
        Assert.Contains(field, error.Message);
    }

    [Theory]
    [InlineData("hash", "0x1234")]
    [InlineData("parentHash", null)]
    [InlineData("number", "0xzz")]
    [InlineData("number", "0x10000000000000000")]
    [InlineData("timestamp", "-0x1")]
    [InlineData("miner", "0xnothex")]
    [InlineData("baseFeePerGas", "0xg")]
    [InlineData("transactions", null)]
    public async Task Blocks_with_a_malformed_field_are_malformed_answers(string field, string? value)
    {
        var block = JsonNode.Parse($$"""
            {"number":"0x5","hash":"0x{{new string('a', 64)}}","parentHash":"0x{{new string('b', 64)}}","timestamp":"0x6553f100",
             "gasLimit":"0x1c9c380","gasUsed":"0x0","baseFeePerGas":"0x7","miner":"0x{{new string('c', 40)}}","transactions":[]}
            """)!.AsObject();
        await using (var good = await RpcTestEndpoint.StartAsync(Scripted(_ => block.DeepClone())))
            Assert.Equal(5UL, (await new JsonRpcClient(Http, good.Url).GetBlockByNumberAsync(new BlockParameter(5)))!.Height());

        block[field] = value;
        await using var server = await RpcTestEndpoint.StartAsync(Scripted(_ => block.DeepClone()));
        var client = new JsonRpcClient(Http, server.Url);

        var error = await Assert.ThrowsAsync<RpcMalformedResponseException>(() => client.GetBlockByNumberAsync(new BlockParameter(5)));
        Assert.Contains(field, error.Message);
        error = await Assert.ThrowsAsync<RpcMalformedResponseException>(() => client.GetBlockWithTransactionsByNumberAsync(new BlockParameter(5)));
        Assert.Contains(field, error.Message);
    }

    [Theory]
    [InlineData("transactionHash", "0x1234")]
    [InlineData("blockNumber", "0x10000000000000000")]
    [InlineData("from", null)]
    [InlineData("status", "0x2")]
    [InlineData("gasUsed", "0xzz")]
    [InlineData("effectiveGasPrice", null)]
    [InlineData("logs", null)]
    [InlineData("topics", "[\"0x1234\"]")]
    [InlineData("topics", "[7]")]
    [InlineData("data", "\"d0e30db0\"")]
    [InlineData("logIndex", "\"-0x1\"")]
    public async Task Receipts_with_a_malformed_field_or_log_are_malformed_answers(string field, string? json)
    {
        var receipt = JsonNode.Parse($$"""
            {"transactionHash":"0x{{new string('a', 64)}}","transactionIndex":"0x0","blockHash":"0x{{new string('b', 64)}}","blockNumber":"0x5",
             "from":"0x{{new string('c', 40)}}","to":"0x{{new string('d', 40)}}","contractAddress":null,"status":"0x1","gasUsed":"0xb411",
             "cumulativeGasUsed":"0xb411","effectiveGasPrice":"0x3b9aca00","type":"0x2",
             "logs":[{"address":"0x{{new string('d', 40)}}","topics":["0x{{new string('e', 64)}}"],"data":"0x","blockNumber":"0x5",
                      "blockHash":"0x{{new string('b', 64)}}","transactionHash":"0x{{new string('a', 64)}}","transactionIndex":"0x0","logIndex":"0x0","removed":false}]}
            """)!.AsObject();
        await using (var good = await RpcTestEndpoint.StartAsync(Scripted(_ => receipt.DeepClone())))
        {
            var read = (await new JsonRpcClient(Http, good.Url).GetTransactionReceiptAsync("0x" + new string('a', 64)))!;
            Assert.Equal((5UL, true, 0xb411 * (BigInteger)1_000_000_000), (read.Height(), read.Succeeded(), read.GasCost()));
            Assert.Equal("0x" + new string('e', 64), Assert.Single(read.Logs).Topic(0));
        }

        var value = json is null ? null : field is "topics" or "data" or "logIndex" ? JsonNode.Parse(json) : JsonValue.Create(json);
        if (field is "topics" or "data" or "logIndex") receipt["logs"]![0]![field] = value;
        else receipt[field] = value;
        await using var server = await RpcTestEndpoint.StartAsync(Scripted(_ => receipt.DeepClone()));
        var client = new JsonRpcClient(Http, server.Url);

        var error = await Assert.ThrowsAsync<RpcMalformedResponseException>(() => client.GetTransactionReceiptAsync("0x" + new string('a', 64)));
        Assert.Contains(field, error.Message);
    }

    [Fact]
    public async Task Json_rpc_errors_keep_code_message_and_revert_data()
    {
        const string revert = "0x08c379a000000000000000000000000000000000000000000000000000000000000000200000000000000000000000000000000000000000000000000000000000000004626f6f6d00000000000000000000000000000000000000000000000000000000";
        await using var server = await RpcTestEndpoint.StartAsync(async (body, response, aborted) =>
        {
            var id = JsonNode.Parse(body)!["id"];
            await response.WriteAsync($$$"""{"jsonrpc":"2.0","id":{{{id}}},"error":{"code":3,"message":"execution reverted: boom","data":"{{{revert}}}"}}""", aborted);
        });
        var client = new JsonRpcClient(Http, server.Url);

        var error = await Assert.ThrowsAsync<JsonRpcErrorException>(() => client.CallAsync(
            new CallInput { To = "0x5fbdb2315678afecb367f032d93f642f64180aa3", Data = "0x01020304" }, BlockParameter.CreateLatest()));
        Assert.Equal(3, error.Code);
        Assert.Equal("execution reverted: boom", error.RpcMessage);
        Assert.Equal(revert, ChainTrader.Core.Hex.Encode(error.RevertData!));
        Assert.Equal("eth_call", error.Method);
        Assert.False(error.IsEndpointFault);
    }

    [Fact]
    public async Task A_4xx_answer_carrying_json_rpc_is_an_rpc_error_but_429_and_5xx_are_transport_faults()
    {
        await using var server = await RpcTestEndpoint.StartAsync(async (body, response, aborted) =>
        {
            var id = JsonNode.Parse(body)!["id"];
            response.StatusCode = 400;
            await response.WriteAsync($$$"""{"jsonrpc":"2.0","id":{{{id}}},"error":{"code":-32602,"message":"invalid argument 0"}}""", aborted);
        });
        var client = new JsonRpcClient(Http, server.Url);
        var rpcError = await Assert.ThrowsAsync<JsonRpcErrorException>(() => client.GetChainIdAsync());
        Assert.Equal(-32602, rpcError.Code);

        server.Behavior = Responders.Text(429, """{"jsonrpc":"2.0","id":1,"error":{"code":429,"message":"slow down"}}""", "application/json");
        var limited = await Assert.ThrowsAsync<RpcTransportException>(() => client.GetChainIdAsync());
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);

        server.Behavior = Responders.Text(503, "maintenance");
        var down = await Assert.ThrowsAsync<RpcTransportException>(() => client.GetChainIdAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Contains("maintenance", down.Message);
    }

    [Fact]
    public async Task A_batch_rejected_as_a_whole_raises_the_rpc_error()
    {
        await using var server = await RpcTestEndpoint.StartAsync(
            Responders.Text(200, """{"jsonrpc":"2.0","id":null,"error":{"code":-32005,"message":"batch too large"}}""", "application/json"));
        var batch = new JsonRpcClient(Http, server.Url).CreateBatch();
        batch.Add(Eth.ChainId());

        var error = await Assert.ThrowsAsync<JsonRpcErrorException>(() => batch.SendAsync());
        Assert.Equal(-32005, error.Code);
        Assert.True(error.IsEndpointFault);
    }

    [Fact]
    public async Task Garbage_and_refused_connections_are_endpoint_faults_and_urls_are_redacted()
    {
        await using var server = await RpcTestEndpoint.StartAsync(Responders.Garbage());
        var secretUrl = new Uri(server.Url, "v2/SECRET-KEY?apikey=SECRET2");
        var garbage = await Assert.ThrowsAsync<RpcMalformedResponseException>(() => new JsonRpcClient(Http, secretUrl).GetChainIdAsync());
        Assert.DoesNotContain("SECRET", garbage.Message);
        Assert.Contains("/***", garbage.Message);

        var refused = await Assert.ThrowsAsync<RpcTransportException>(() => new JsonRpcClient(Http, RpcTestEndpoint.ClosedPort()).GetChainIdAsync());
        Assert.Null(refused.StatusCode);
    }

    [Fact]
    public void Bad_arguments_are_rejected_before_sending()
    {
        var address = Assert.Throws<ArgumentException>(() => Eth.GetBalance("0x1234", BlockParameter.CreateLatest()));
        Assert.Contains("40 hex digits", address.Message);
        Assert.Throws<ArgumentException>(() => Eth.GetBlockByNumber(BlockParameter.CreatePending()));
        Assert.Throws<ArgumentException>(() => Eth.FeeHistory(4, BlockParameter.CreateLatest(), [50m, 10m]));
        Assert.Throws<ArgumentException>(() => Eth.GetLogs(new NewFilterInput { Topics = [null, null, null, null, null] }));
        Assert.Throws<ArgumentException>(() => Eth.GetLogs(new NewFilterInput { Topics = [42] }));
        var oddData = Assert.Throws<ArgumentException>(() => Eth.Call(new CallInput { To = "0x5fbdb2315678afecb367f032d93f642f64180aa3", Data = "0x123" }, BlockParameter.CreateLatest()));
        Assert.Contains("transaction.Data", oddData.Message);
        Assert.Throws<ArgumentNullException>(() => Eth.GetBalance("0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266", null!));
    }

    [Fact]
    public void Call_parameters_follow_the_spec_encoding()
    {
        var call = Eth.EstimateGas(new CallInput
        {
            From = "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266",
            To = "0x5fbdb2315678afecb367f032d93f642f64180aa3",
            Value = new HexBigInteger(255),
            Data = "0xD0E30DB0",
        }, BlockParameter.CreatePending());
        Assert.Equal("eth_estimateGas", call.Method);
        Assert.Equal("""[{"from":"0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266","to":"0x5fbdb2315678afecb367f032d93f642f64180aa3","value":"0xff","data":"0xd0e30db0"},"pending"]""", call.ParametersJson);
        Assert.Equal("""["0x1b4",false]""", Eth.GetBlockByNumber(new BlockParameter(436)).ParametersJson);
    }
}
